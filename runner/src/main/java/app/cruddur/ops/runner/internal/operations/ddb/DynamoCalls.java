package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * DynamoDB calls of the ddb operations, with SDK failures said the one way: what, where, what to
 * do.
 */
final class DynamoCalls {
  private DynamoCalls() {}

  /** Runs {@code work}; an SDK failure becomes what the user must do about it. */
  static <T> T call(Connections session, String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (SdkException e) {
      throw AwsErrors.translate(e, what, session.aws().describeDynamoDb());
    }
  }

  /** {@link #call} on the messages table: a missing table says how to create it. */
  static <T> T onMessages(Connections session, String what, Supplier<T> work) {
    return call(
        session,
        what,
        () -> {
          try {
            return work.get();
          } catch (ResourceNotFoundException e) {
            throw CruddurException.of(
                ErrorCode.UNKNOWN_TABLE,
                "there is no table "
                    + session.names().tableName()
                    + " on "
                    + session.target().describe(),
                "Create it with `cruddur release` (or `cruddur ddb schema-load`), or name another"
                    + " with --table");
          }
        });
  }

  /** The failure for a table that is not there. */
  static CruddurException unknownTable(Connections session, String table) {
    return CruddurException.of(
        ErrorCode.UNKNOWN_TABLE,
        "there is no table " + table + " on " + session.target().describe(),
        "List them with `cruddur ddb list-tables`");
  }
}
