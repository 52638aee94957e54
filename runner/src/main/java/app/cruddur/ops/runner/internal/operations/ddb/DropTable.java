package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.runner.api.Confirmation;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.TableDropped;
import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code cruddur ddb drop TABLE}: deletes a table and waits until it is gone. On the local target a
 * person confirms (or {@code --yes}); on any other the table's name is repeated ({@code
 * --confirm}).
 */
public record DropTable(
    Connections session, String table, Confirmation confirmation, Optional<String> confirmedName)
    implements Operation<TableDropped> {
  @Override
  public TableDropped run() {
    if (!DynamoCalls.call(
        session,
        "describing table " + table,
        () -> TableSchema.describe(session.dynamo(), table).isPresent())) {
      throw DynamoCalls.unknownTable(session, table);
    }
    String what = "Drop table " + table;
    if (session.target().localEngines()) {
      if (!confirmation.confirm(what + "?")) {
        throw CruddurException.of(ErrorCode.NOT_CONFIRMED, "not confirmed: nothing was done", "");
      }
    } else if (!confirmedName.filter(table::equals).isPresent()) {
      throw CruddurException.of(
          ErrorCode.NEEDS_CONFIRMATION,
          what + " on " + session.target().describe() + " needs confirmation",
          "Repeat the name: --confirm " + table);
    }
    DynamoCalls.call(
        session,
        "dropping table " + table,
        () -> {
          try {
            session.dynamo().deleteTable(b -> b.tableName(table));
          } catch (ResourceNotFoundException e) {
            throw DynamoCalls.unknownTable(session, table);
          }
          TableSchema.awaitDeleted(session.dynamo(), table);
          return null;
        });
    return new TableDropped(table, List.of());
  }
}
