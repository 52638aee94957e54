package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.runner.api.TableList;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.ArrayList;
import java.util.List;

/** {@code cruddur ddb list-tables}: every table, following LastEvaluatedTableName across pages. */
public record ListTables(Connections session) implements Operation<TableList> {
  @Override
  public TableList run() {
    List<String> names =
        DynamoCalls.call(
            session,
            "listing tables",
            () -> {
              List<String> all = new ArrayList<>();
              session
                  .dynamo()
                  .listTablesPaginator(b -> b.limit(100))
                  .tableNames()
                  .forEach(all::add);
              return all;
            });
    return new TableList(session.target().describe(), names, List.of());
  }
}
