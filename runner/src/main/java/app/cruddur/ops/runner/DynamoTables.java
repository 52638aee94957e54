package app.cruddur.ops.runner;

import app.cruddur.ops.runner.api.Confirmation;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.MigrationBudget;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.ScanSummary;
import app.cruddur.ops.runner.api.SchemaLoad;
import app.cruddur.ops.runner.api.TableDropped;
import app.cruddur.ops.runner.api.TableList;
import app.cruddur.ops.runner.internal.operations.ddb.DropTable;
import app.cruddur.ops.runner.internal.operations.ddb.ListTables;
import app.cruddur.ops.runner.internal.operations.ddb.LoadSchema;
import app.cruddur.ops.runner.internal.operations.ddb.ScanTable;
import app.cruddur.ops.runner.internal.operations.ddb.SetMigrationBudget;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Operator commands on DynamoDB tables of a target: list (every page), schema-load (the model's
 * table), drop (waits until deleted), scan (every page). Usable without the CLI.
 */
public final class DynamoTables implements AutoCloseable {
  private final Connections session;

  private DynamoTables(Connections session) {
    this.session = session;
  }

  /** Operations on {@code target}'s DynamoDB. */
  public static DynamoTables connect(ResolvedTarget target, Map<String, String> environment) {
    return connect(target, environment, notice -> {});
  }

  /**
   * The same, telling {@code notices} when the local environment starts (its ports) and what its
   * DynamoDB and Cognito came back with.
   */
  public static DynamoTables connect(
      ResolvedTarget target,
      Map<String, String> environment,
      java.util.function.Consumer<String> notices) {
    return new DynamoTables(new Connections(target, environment, List.of(), notices));
  }

  /** Every table name, following LastEvaluatedTableName across pages. */
  public TableList list() {
    return new ListTables(session).run();
  }

  /**
   * Creates the messages table from the model (or checks that an existing one matches it) and waits
   * until it is ACTIVE.
   *
   * @throws CruddurException exit 3 naming every difference when an existing table does not match
   */
  public SchemaLoad schemaLoad(String tableName) {
    return new LoadSchema(session, tableName).run();
  }

  /**
   * {@link #schemaLoad(String)} of the target's messages table: the one named, by the names given
   * or the deployment (the model's only where the runner owns the resources).
   *
   * @throws CruddurException exit 2 when nothing names it (on AWS)
   */
  public SchemaLoad schemaLoad() {
    return schemaLoad(session.names().tableName());
  }

  /**
   * Deletes a table and waits until it is gone: on the local target once {@code confirmation} says
   * yes, elsewhere when {@code confirmedName} repeats the table's name.
   *
   * @throws CruddurException exit 2 when there is no such table or the name is not repeated, exit 1
   *     when not confirmed
   */
  public TableDropped drop(
      String table, Confirmation confirmation, Optional<String> confirmedName) {
    return new DropTable(session, table, confirmation, confirmedName).run();
  }

  /**
   * Reads every page of a table (up to {@code limit} items), passing each item as plain values.
   *
   * @throws CruddurException exit 2 when there is no such table
   */
  public ScanSummary scan(String table, long limit, Consumer<Map<String, Object>> each) {
    return new ScanTable(session, table, limit, each).run();
  }

  /**
   * Sets the budget of {@code step}'s distributed run going on to {@code perSecond}: every worker
   * slows (or speeds up, to at most the step file's budget) within about a second.
   *
   * @throws CruddurException exit 2 when no run of the step is going on, or the budget is above the
   *     step file's
   */
  public MigrationBudget budget(String step, double perSecond) {
    return new SetMigrationBudget(session, step, perSecond).run();
  }

  @Override
  public void close() {
    session.close();
  }
}
