package app.cruddur.ops.runner.internal.dynamo;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.TableDefinition;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.step.StepAction;
import app.cruddur.ops.runner.internal.step.StepKind;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import app.cruddur.ops.runner.internal.targets.Connections;

/**
 * {@code kind: dynamodb-table}: the messages table of the model. Created where the runner owns it
 * (the local engine, or another endpoint) and waited for until ACTIVE; on AWS, where the CDK app
 * owns it, only verified. An existing table must match the model: key schema, GSI, stream. Where
 * the runner owns the table, an existing one is converged in place (UpdateTable, waited for until
 * ACTIVE): a GSI the model gained since is created, a provisioned table switched to on demand, a
 * stream that is off turned on (a table made by the course's schema-load); elsewhere the CDK app
 * must deploy them.
 */
public final class DynamoTableStepKind implements StepKind<DynamoTableStepKind.TableStep> {
  @Override
  public String name() {
    return "dynamodb-table";
  }

  @Override
  public Store store() {
    return Store.DYNAMODB;
  }

  @Override
  public Class<TableStep> actionType() {
    return TableStep.class;
  }

  @Override
  public TableStep parse(YamlMap body, StepSource source) {
    String create = body.optionalString("create").orElse("auto");
    if (!create.equals("auto") && !create.equals("never")) {
      throw body.error(
          "create",
          "'create' is auto (create where the runner owns the table) or never, not '"
              + create
              + "'");
    }
    return new TableStep(create.equals("auto"));
  }

  record TableStep(boolean createWhereOwned) implements StepAction {
    @Override
    public StepOutcome apply(StepScope scope) {
      TableDefinition definition = MessagesTable.definition(scope.session().names().tableName());
      ResolvedTarget target = scope.session().target();
      boolean mayCreate = createWhereOwned && target.owns(Store.DYNAMODB);
      try {
        TableSchema.Outcome outcome =
            TableSchema.ensure(scope.session().dynamo(), definition, mayCreate);
        return StepOutcome.of(
            switch (outcome) {
              case CREATED -> "created table " + definition.tableName() + " (ACTIVE)";
              case INDEXES_CREATED ->
                  "created the model's missing indexes on " + definition.tableName() + " (ACTIVE)";
              case MATCHES -> "table " + definition.tableName() + " matches the model";
              case CONVERGED ->
                  "converged table "
                      + definition.tableName()
                      + " to the model in place (on demand, stream "
                      + definition.streamView()
                      + "), its items kept";
            });
      } catch (TableSchema.TableMismatchException e) {
        if (!mayCreate
            && e.differences().stream()
                .allMatch(
                    d -> d.startsWith("global secondary index ") && d.endsWith(" is missing"))) {
          throw CruddurException.of(
              ErrorCode.INDEX_NOT_DEPLOYED,
              e.getMessage() + " on " + target.describe(),
              "The CDK app owns the table there: deploy it first (npx cdk deploy adds one index per"
                  + " deployment)");
        }
        throw new CruddurException(
            ErrorCode.TABLE_MISMATCH,
            e.getMessage(),
            "Recreate the table from the model (cruddur ddb drop, then release), or change the"
                + " model and the CDK app together");
      } catch (TableSchema.MissingTableException e) {
        throw tableNotDeployed(scope.session(), definition.tableName());
      }
    }
  }

  /** The failure for a table the CDK app owns that is not there. */
  public static CruddurException tableNotDeployed(Connections session, String table) {
    return CruddurException.of(
        ErrorCode.TABLE_NOT_DEPLOYED,
        "table " + table + " does not exist on " + session.describe(),
        "On AWS the CDK app owns it: deploy it first (npx cdk deploy), or name the deployed table"
            + " with --outputs, --stack or --table");
  }
}
