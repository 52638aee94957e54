package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.SchemaLoad;
import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.List;

/**
 * {@code cruddur ddb schema-load}: the messages table from the model, created (and waited for until
 * ACTIVE) or checked; an existing table that differs is exit 3 naming every difference.
 */
public record LoadSchema(Connections session, String table) implements Operation<SchemaLoad> {
  @Override
  public SchemaLoad run() {
    return DynamoCalls.call(
        session,
        "creating table " + table,
        () -> {
          try {
            TableSchema.Outcome outcome =
                TableSchema.ensure(session.dynamo(), MessagesTable.definition(table), true);
            return new SchemaLoad(table, outcome == TableSchema.Outcome.CREATED, List.of());
          } catch (TableSchema.TableMismatchException e) {
            throw CruddurException.of(
                ErrorCode.TABLE_MISMATCH,
                e.getMessage(),
                "Drop and reload it (cruddur ddb drop " + table + "), or use another --table");
          }
        });
  }
}
