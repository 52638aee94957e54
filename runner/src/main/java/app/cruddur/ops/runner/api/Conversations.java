package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.ItemsRead;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.UnreadableItem;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.dynamo.BatchWriter;
import app.cruddur.ops.runner.internal.dynamo.ConversationReads;
import app.cruddur.ops.runner.internal.dynamo.MessageWrites;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.pg.Users;
import app.cruddur.ops.runner.internal.seed.SeedWriter;
import app.cruddur.ops.runner.internal.seed.SyntheticSeed;
import app.cruddur.ops.runner.internal.target.TargetSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The access patterns of cruddur-messaging.md on a target: A the conversation of a group, B the
 * groups of a user, C a message into an existing group, D a new group with its first message in
 * one transaction; and synthetic volume. Usable without the CLI.
 */
public final class Conversations implements AutoCloseable {
  private final TargetSession session;

  private Conversations(TargetSession session) {
    this.session = session;
  }

  /** The conversations of {@code target}. */
  public static Conversations connect(Target target, ResourceNames names, Map<String, String> environment,
      List<ExecutionInterceptor> interceptors) {
    return new Conversations(new TargetSession(target, environment, names, interceptors));
  }

  /**
   * The groups of a user.
   *
   * @param user the user
   * @param groups the user's group rows, most recent first (by instant)
   * @param unreadable rows of the user's partition that could not be read, skipped (show them as warnings)
   */
  public record UserConversations(UserRef user, List<MessageGroupRow> groups, List<UnreadableItem> unreadable) {}

  /**
   * A page of a conversation.
   *
   * @param group the group
   * @param messages its messages, newest first (by instant)
   * @param unreadable items of the group's partition that could not be read, skipped (show them as warnings)
   */
  public record Conversation(UUID group, List<Message> messages, List<UnreadableItem> unreadable) {}

  /**
   * A message sent.
   *
   * @param message the message
   * @param newGroup true when the group was created with it (pattern D)
   */
  public record Sent(Message message, boolean newGroup) {}

  /**
   * What a synthetic seed wrote.
   *
   * @param users users it has
   * @param groups groups it has
   * @param messages messages written
   * @param groupRows group rows written
   * @param requests BatchWriteItem calls
   * @param unprocessedRetries re-sends of unprocessed items
   * @param throttledRetries re-sends after throttling
   * @param backoffMillis time spent backing off
   * @param elapsedMillis wall time of the write
   */
  public record SeedSummary(int users, int groups, long messages, long groupRows, long requests, long unprocessedRetries,
      long throttledRetries, long backoffMillis, long elapsedMillis) {}

  /**
   * A. The messages of a group, newest first, at most {@code limit}, optionally in a time window;
   * sort keys in any ISO-8601 form, ordered by instant; items that cannot be read are skipped and listed.
   */
  public Conversation conversation(UUID group, int limit, Optional<Instant> since, Optional<Instant> until) {
    if (limit < 1) {
      throw CruddurException.usage("--limit must be at least 1, not " + limit, "Pass how many messages to show");
    }
    ItemsRead<Message> read = call("reading group " + group,
        () -> ConversationReads.conversation(session.dynamo(), table(), group, limit, since, until));
    return new Conversation(group, read.items(), read.unreadable());
  }

  /**
   * B. The groups of the user with this handle, most recent first.
   *
   * @throws CruddurException exit 2 when PostgreSQL has no such user
   */
  public UserConversations conversationsOf(String handle) {
    UserRef user = user(handle);
    ItemsRead<MessageGroupRow> rows = call("reading the groups of " + handle,
        () -> ConversationReads.groupsOf(session.dynamo(), table(), user.uuid()));
    return new UserConversations(user, rows.items(), rows.unreadable());
  }

  /**
   * C or D: sends {@code text} from one user into an existing group ({@code group}), or to another
   * user ({@code to}): into their group if they have one, else a new group written atomically with
   * the message. Nothing is written when any input is wrong.
   *
   * @throws CruddurException exit 2 for an unknown user or group, a sender outside the group, an
   *     empty or oversized text
   */
  public Sent send(String from, Optional<String> to, Optional<UUID> group, String text) {
    if (text == null || text.isBlank()) {
      throw CruddurException.usage("the message text is empty", "Pass it with --text");
    }
    if (to.isPresent() == group.isPresent()) {
      throw CruddurException.usage("say where the message goes", "Pass either --to HANDLE or --group UUID");
    }
    UserRef sender = user(from);
    if (to.isPresent()) {
      UserRef recipient = user(to.get());
      if (recipient.equals(sender)) {
        throw CruddurException.usage("a message to oneself has no group", "Pass another --to handle");
      }
      Optional<MessageGroupRow> existing = conversationsOf(from).groups().stream()
          .filter(r -> r.other().uuid().equals(recipient.uuid())).findFirst();
      if (existing.isPresent()) {
        return new Sent(putMessage(newMessage(existing.get().groupUuid(), sender, text)), false);
      }
      Message first = newMessage(UUID.randomUUID(), sender, text);
      AccessPatterns.NewConversation d = AccessPatterns.newConversation(first.groupUuid(), first, recipient);
      call("creating a group", () -> MessageWrites.startConversation(session.dynamo(), table(), d));
      return new Sent(first, true);
    }
    UUID groupUuid = group.get();
    List<MessageGroupRow> members = call("reading group " + groupUuid,
        () -> ConversationReads.rowsOfGroup(session.dynamo(), table(), groupUuid).items());
    if (members.isEmpty()) {
      throw CruddurException.usage("there is no message group " + groupUuid + " in " + table(),
          "Find the groups of a user with `cruddur ddb list-conversations HANDLE`");
    }
    if (members.stream().noneMatch(r -> r.ownerUuid().equals(sender.uuid()))) {
      throw CruddurException.usage(from + " is not a member of group " + groupUuid,
          "Send from a member, or start a conversation with --to HANDLE");
    }
    return new Sent(putMessage(newMessage(groupUuid, sender, text)), false);
  }

  /** Volume for tests and benchmarks: deterministic users, groups and messages, batch-written. */
  public SeedSummary seedSynthetic(int users, int groups, long messages, BatchWriter.Settings settings,
      SeedWriter.Progress progress) {
    if (users < 2 || groups < 1 || messages < 0) {
      throw CruddurException.usage("a synthetic seed needs at least 2 users and 1 group (got " + users + " users, "
          + groups + " groups)", "Pass --users 2 or more and --groups 1 or more");
    }
    SeedWriter.SeedResult r = call("seeding", () -> SeedWriter.write(session,
        new SyntheticSeed(users, groups, messages, SyntheticSeed.DEFAULT_ANCHOR), settings, progress));
    return new SeedSummary(users, groups, r.messages(), r.groupRows(), r.writer().requests(),
        r.writer().unprocessedRetries(), r.writer().throttledRetries(), r.writer().backoffMillis(),
        r.writer().elapsedMillis());
  }

  private Message newMessage(UUID group, UserRef sender, String text) {
    Message message = new Message(group, Instant.now(), UUID.randomUUID(), text, sender);
    // the group rows carry the text too: the bigger of the two items decides
    int bytes = message.itemBytes() + MessagesTable.GROUP_UUID.length() + 36;
    if (bytes > MessagesTable.MAX_ITEM_BYTES) {
      throw CruddurException.usage("the message is " + bytes + " bytes as an item; a DynamoDB item holds at most "
          + MessagesTable.MAX_ITEM_BYTES + " bytes (400 KB)", "Send a shorter text");
    }
    return message;
  }

  private Message putMessage(Message message) {
    return call("sending a message", () -> MessageWrites.putMessage(session.dynamo(), table(), message));
  }

  private UserRef user(String handle) {
    PgConnections postgres = session.postgres();
    try (Connection c = postgres.open("cruddur ddb")) {
      return Users.byHandle(c, handle).orElseThrow(() -> CruddurException.usage(
          "there is no user '" + handle + "' in PostgreSQL " + postgres.describe(),
          "Check the handle (users.handle), or create the user"));
    } catch (SQLException e) {
      throw postgres.translate(e, "looking up user " + handle);
    }
  }

  private String table() {
    return session.names().tableName();
  }

  private <T> T call(String what, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (ResourceNotFoundException e) {
      throw CruddurException.usage("there is no table " + table() + " on " + session.target().describe(),
          "Create it with `cruddur release` (or `cruddur ddb schema-load`), or name another with --table");
    } catch (SdkException e) {
      throw AwsErrors.translate(e, what, session.aws().describe("DynamoDB", "DYNAMODB"));
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
