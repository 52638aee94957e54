package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.internal.cognito.CognitoSyncStepKind;
import app.cruddur.ops.runner.internal.cognito.CognitoUsersStepKind;
import app.cruddur.ops.runner.internal.dynamo.DynamoTableStepKind;
import app.cruddur.ops.runner.internal.dynamo.migration.Distribution;
import app.cruddur.ops.runner.internal.dynamo.migration.DynamoMigrationStepKind;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseStepKind;
import app.cruddur.ops.runner.internal.seed.DynamoSeedStepKind;
import app.cruddur.ops.runner.internal.step.StepKinds;
import java.util.List;

/** Every kind of step the runner knows. */
public final class DefaultStepKinds {
  private DefaultStepKinds() {}

  public static StepKinds all() {
    return all(MigrationWorkerProcess.distribution(0, Distribution.LOCAL_LEASE));
  }

  /** Every kind, distributed {@code dynamodb-migration} steps run as {@code distribution} says. */
  public static StepKinds all(Distribution distribution) {
    return new StepKinds(
        List.of(
            new LiquibaseStepKind(),
            new DynamoTableStepKind(),
            new DynamoSeedStepKind(),
            new CognitoUsersStepKind(),
            new CognitoSyncStepKind(),
            new DynamoMigrationStepKind(distribution)));
  }
}
