package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.MigrationBudget;
import app.cruddur.ops.runner.internal.dynamo.migration.ControlTable;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * {@code cruddur ddb budget STEP --max-items-per-second N}: sets the budget of the step's
 * distributed run that is going on, in the header of its run in the control table, where every
 * worker's token bucket (local processes or Lambdas) reads it again once a second. At most the step
 * file's own budget; usually lower, to give the table's capacity back to the app.
 */
public record SetMigrationBudget(Connections session, String step, double perSecond)
    implements Operation<MigrationBudget> {
  @Override
  public MigrationBudget run() {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw CruddurException.of(
          ErrorCode.BAD_ARGUMENT,
          "--max-items-per-second must be more than 0, not " + perSecond,
          "Give the items a second the run may write, like --max-items-per-second 200");
    }
    String table = session.names().tableName();
    ControlTable control =
        new ControlTable(session.dynamo(), MigrationWorkers.controlTableFor(table));
    UUID run =
        DynamoCalls.call(
            session,
            "reading the runs of " + step + " in " + control.name(),
            () -> {
              try {
                return control.latestRun(step).orElseThrow(() -> noRun(control));
              } catch (ResourceNotFoundException e) {
                throw noRun(control);
              }
            });
    ControlTable.BudgetSet set =
        DynamoCalls.call(
            session,
            "setting the budget of " + step,
            () -> control.lowerBudget(run, perSecond, System.currentTimeMillis()));
    if (set.refused().isEmpty()) {
      return new MigrationBudget(
          step, run.toString(), set.before(), perSecond, set.stepBudget(), List.of());
    }
    throw switch (set.refused().get()) {
      case NOT_RUNNING -> noRun(control);
      case UNLIMITED ->
          CruddurException.of(
              ErrorCode.BAD_ARGUMENT,
              step + "'s run has no budget to lower (its step file sets none)",
              "Set max_items_per_second or capacity_share in the step file: a new run takes it");
      case ABOVE_STEP_BUDGET ->
          CruddurException.of(
              ErrorCode.BAD_ARGUMENT,
              String.format(
                  Locale.ROOT,
                  "%.0f/s is above %s's own budget of %.0f/s",
                  perSecond,
                  step,
                  set.stepBudget()),
              "Give at most the step file's budget (raise it there: a changed step starts a new"
                  + " run)");
    };
  }

  private CruddurException noRun(ControlTable control) {
    return CruddurException.of(
        ErrorCode.NO_DISTRIBUTED_RUN,
        "no distributed run of " + step + " is going on in " + control.name(),
        "`cruddur status` lists the distributed runs going on; a step that runs in one process"
            + " keeps its step file's budget");
  }
}
