package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.KeyQuery;
import app.cruddur.ops.model.MalformedItemException;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.dynamo.ItemText;
import app.cruddur.ops.runner.internal.dynamo.Queries;
import app.cruddur.ops.runner.internal.operations.Warnings;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.pg.Users;
import app.cruddur.ops.runner.internal.target.TargetSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads of the messages table by the model's queries, as a tolerant reader: an item the model
 * cannot read (the app, or a hand, wrote it otherwise) is left out with a warning naming it, and
 * the read goes on. Users are found by handle in PostgreSQL.
 */
final class MessagesTableReads {
  /** The code of a warning about an item that does not have its type's shape. */
  static final String MALFORMED_ITEM = "MALFORMED_ITEM";

  private final TargetSession session;
  private final Warnings warnings;

  MessagesTableReads(TargetSession session, Warnings warnings) {
    this.session = session;
    this.warnings = warnings;
  }

  /** Up to {@code max} items of {@code query}, every page, read by {@code parser}. */
  <T> List<T> query(String what, KeyQuery query, int max, Function<Map<String, String>, T> parser) {
    List<Map<String, AttributeValue>> items = DynamoCalls.onMessages(session, what,
        () -> Queries.all(session.dynamo(), table(), query, max));
    List<T> read = new ArrayList<>(items.size());
    for (Map<String, AttributeValue> item : items) {
      try {
        read.add(parser.apply(Items.toStrings(item)));
      } catch (MalformedItemException e) {
        warnings.add(MALFORMED_ITEM, "skipped item " + ItemText.key(item, "pk", "sk") + " of " + table() + ": " + e.getMessage());
      }
    }
    return read;
  }

  /** The user with {@code handle}, from PostgreSQL. */
  UserRef user(String handle) {
    PgConnections postgres = session.postgres();
    try (Connection c = postgres.open("cruddur ddb")) {
      return Users.byHandle(c, handle).orElseThrow(() -> CruddurException.of(ErrorCode.UNKNOWN_USER,
          "there is no user '" + handle + "' in PostgreSQL " + postgres.describe(),
          "Check the handle (users.handle), or create the user"));
    } catch (SQLException e) {
      throw postgres.translate(e, "looking up user " + handle);
    }
  }

  String table() {
    return session.names().tableName();
  }

  TargetSession session() {
    return session;
  }
}
