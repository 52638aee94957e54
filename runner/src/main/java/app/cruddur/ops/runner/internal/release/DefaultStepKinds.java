package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.internal.cognito.CognitoSyncStepKind;
import app.cruddur.ops.runner.internal.cognito.CognitoUsersStepKind;
import app.cruddur.ops.runner.internal.dynamo.DynamoTableStepKind;
import app.cruddur.ops.runner.internal.dynamo.migration.DynamoMigrationStepKind;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseStepKind;
import app.cruddur.ops.runner.internal.seed.DynamoSeedStepKind;
import app.cruddur.ops.runner.internal.step.StepKinds;
import java.util.List;

/** Every kind of step the runner knows. */
public final class DefaultStepKinds {
  private DefaultStepKinds() {}

  public static StepKinds all() {
    return new StepKinds(
        List.of(
            new LiquibaseStepKind(),
            new DynamoTableStepKind(),
            new DynamoSeedStepKind(),
            new CognitoUsersStepKind(),
            new CognitoSyncStepKind(),
            new DynamoMigrationStepKind()));
  }
}
