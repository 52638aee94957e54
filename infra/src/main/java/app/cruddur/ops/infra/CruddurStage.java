package app.cruddur.ops.infra;

import software.amazon.awscdk.Stage;
import software.amazon.awscdk.StageProps;
import software.constructs.Construct;

/**
 * One stage of the app (its data, auth, database and release stacks) as a CDK Pipelines stage. The
 * pipeline releases in a step of its own after the stage's deployment, so these stacks do not
 * release on deploy.
 */
public final class CruddurStage extends Stage {
  private final CruddurApp.Stacks stacks;

  /** The stage of {@code config}. */
  public CruddurStage(Construct scope, StageConfig config, CruddurApp.Packages packages) {
    super(scope, config.stage(), StageProps.builder().build());
    stacks = CruddurApp.define(this, config, packages, false);
  }

  /** Its stacks. */
  public CruddurApp.Stacks stacks() {
    return stacks;
  }
}
