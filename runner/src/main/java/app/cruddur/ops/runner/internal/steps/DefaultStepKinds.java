package app.cruddur.ops.runner.internal.steps;

import app.cruddur.ops.runner.internal.release.StepKinds;
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
