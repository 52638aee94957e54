package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.model.ItemsRead;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UnreadableItem;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.dynamo.ConversationReads;
import app.cruddur.ops.runner.internal.operations.Warnings;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.pg.Users;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads of the messages table by the access patterns, as a tolerant reader ({@link
 * ConversationReads}: every ISO-8601 sort-key form, ordered by instant): an item the model cannot
 * read (the app, or a hand, wrote it otherwise) is left out with a {@value Warnings#MALFORMED_ITEM}
 * warning naming it, and the read goes on. Users are found by handle in PostgreSQL.
 */
final class MessagesTableReads {
  private final Connections session;
  private final Warnings warnings;

  MessagesTableReads(Connections session, Warnings warnings) {
    this.session = session;
    this.warnings = warnings;
  }

  /**
   * A: the newest {@code limit} messages of a group (by instant) within the window, newest first.
   */
  List<Message> conversation(
      UUID group, int limit, Optional<Instant> since, Optional<Instant> until) {
    return read(
        "reading group " + group,
        () ->
            ConversationReads.conversation(session.dynamo(), table(), group, limit, since, until));
  }

  /** B: every group row of a user, most recently active first (by instant). */
  List<MessageGroupRow> groupsOf(UUID user, String handle) {
    return read(
        "reading the groups of " + handle,
        () -> ConversationReads.groupsOf(session.dynamo(), table(), user));
  }

  /** The group rows of a group, one per member. */
  List<MessageGroupRow> rowsOfGroup(UUID group) {
    return read(
        "reading group " + group,
        () -> ConversationReads.rowsOfGroup(session.dynamo(), table(), group));
  }

  private <T> List<T> read(String what, Supplier<ItemsRead<T>> reading) {
    ItemsRead<T> read = DynamoCalls.onMessages(session, what, reading);
    report(warnings, table(), "skipped", read.unreadable());
    return read.items();
  }

  /**
   * Each of {@code unreadable} as a warning: {@code <doing> item <pk> / <sk> of <table>: <what is
   * wrong>}.
   */
  static void report(
      Warnings warnings, String table, String doing, List<UnreadableItem> unreadable) {
    unreadable.forEach(
        u -> warnings.add(Warnings.MALFORMED_ITEM, doing + " " + u.describeIn(table)));
  }

  /** The user with {@code handle}, from PostgreSQL. */
  UserRef user(String handle) {
    PgConnections postgres = session.postgres();
    try (Connection c = postgres.open("cruddur ddb")) {
      return Users.byHandle(c, handle)
          .orElseThrow(
              () ->
                  CruddurException.of(
                      ErrorCode.UNKNOWN_USER,
                      "there is no user '" + handle + "' in PostgreSQL " + postgres.describe(),
                      "Check the handle (users.handle), or create the user"));
    } catch (SQLException e) {
      throw postgres.translate(e, "looking up user " + handle);
    }
  }

  String table() {
    return session.names().tableName();
  }

  Connections session() {
    return session;
  }
}
