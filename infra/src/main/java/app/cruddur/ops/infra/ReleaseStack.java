package app.cruddur.ops.infra;

import app.cruddur.ops.model.DeploymentOutputs;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The release, where the database is: the release vehicle in the database's isolated subnets, the
 * VPC endpoints it calls AWS through, the release workflow that runs a release as slices of the
 * vehicle (and its long steps in a CodeBuild project beside it, its distributed migrations'
 * segments on a worker Lambda outside the VPC with their control table), and (unless switched off)
 * the custom resource that runs the workflow on every {@code cdk deploy} that changes the release.
 * Deployed after the data, auth and database stacks, whose resources it releases to.
 */
public final class ReleaseStack extends Stack {
  private final ReleaseVehicleFunction vehicle;
  private final VehicleEndpoints endpoints;
  private final Optional<DeployTimeRelease> deployTimeRelease;
  private final CfnOutput functionNameOutput;
  private final CfnOutput workflowArnOutput;
  private final LongStepProject longSteps;
  private final ReleaseWorkflowMachine workflow;
  private final MigrationWorkerFunction workers;

  /**
   * What the release stack needs.
   *
   * @param data the stage's data stack
   * @param auth the stage's auth stack
   * @param database the stage's database stack
   * @param vehicleJar the vehicle module's package
   * @param releaseOnDeploy whether {@code cdk deploy} runs the release (off for moto, which cannot
   *     invoke functions, and for pipelines that release in a step of their own)
   */
  public record Props(
      DataStack data,
      AuthStack auth,
      DatabaseStack database,
      Path vehicleJar,
      boolean releaseOnDeploy) {
    public Props {
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(auth, "auth");
      Objects.requireNonNull(database, "database");
      Objects.requireNonNull(vehicleJar, "vehicleJar");
    }
  }

  /** The release stack of {@code config}. */
  public ReleaseStack(
      Construct scope, String id, StackProps props, StageConfig config, Props release) {
    super(scope, id, props);
    addStackDependency(release.data());
    addStackDependency(release.auth());
    addStackDependency(release.database());

    DatabaseStack database = release.database();
    vehicle =
        new ReleaseVehicleFunction(
            this,
            "Vehicle",
            new ReleaseVehicleFunction.Props(
                config.stage(),
                release.vehicleJar(),
                config.release(),
                database.vpc(),
                DatabaseStack.VPC_CIDR,
                release.data().table(),
                release.auth().userPool(),
                database.instance(),
                database.secret(),
                config.logRetention(),
                config.dataRemovalPolicy()));
    endpoints =
        new VehicleEndpoints(
            this,
            "Endpoints",
            database.vpc(),
            vehicle.securityGroup(),
            config.release().endpointsInEveryAz());
    // the first release must find its endpoints in place
    vehicle.function().getNode().addDependency(endpoints);

    longSteps =
        new LongStepProject(
            this,
            "LongSteps",
            new LongStepProject.Props(
                config.stage(),
                release.vehicleJar(),
                vehicle,
                database.vpc(),
                config.logRetention(),
                config.dataRemovalPolicy()));
    endpoints.admitReadsOf(longSteps.source().getBucket().getBucketArn());
    longSteps.project().getNode().addDependency(endpoints);
    workers =
        new MigrationWorkerFunction(
            this,
            "MigrationWorkers",
            new MigrationWorkerFunction.Props(
                config.stage(),
                release.vehicleJar(),
                release.data().table(),
                config.logRetention(),
                config.dataRemovalPolicy()));
    // the release starts, resumes and finishes a distributed step's run in the control table
    // (a long step's build releases as the vehicle does)
    workers.grantRelease(vehicle.function());
    workers.grantRelease(longSteps.project());
    workflow =
        new ReleaseWorkflowMachine(
            this,
            "Workflow",
            config.stage(),
            vehicle,
            longSteps,
            workers,
            config.logRetention(),
            config.dataRemovalPolicy());

    deployTimeRelease =
        release.releaseOnDeploy()
            ? Optional.of(
                new DeployTimeRelease(
                    this,
                    "DeployTimeRelease",
                    release.vehicleJar(),
                    vehicle,
                    workflow.stateMachine(),
                    config.logRetention(),
                    config.dataRemovalPolicy()))
            : Optional.empty();

    functionNameOutput =
        CfnOutput.Builder.create(this, DeploymentOutputs.RELEASE_FUNCTION_NAME)
            .description(
                "The release vehicle: invoke it with {\"command\":"
                    + " \"release|plan|status|validate\"}")
            .value(vehicle.function().getFunctionName())
            .build();
    CfnOutput.Builder.create(this, DeploymentOutputs.RELEASE_SECURITY_GROUP_ID)
        .description(
            "Security group of a runner in the VPC: reaches PostgreSQL and the VPC endpoints")
        .value(vehicle.securityGroup().getSecurityGroupId())
        .build();
    workflowArnOutput =
        CfnOutput.Builder.create(this, DeploymentOutputs.RELEASE_WORKFLOW_ARN)
            .description(
                "The release workflow: start it to release in slices (cruddur release --aws --via)")
            .value(workflow.stateMachine().getStateMachineArn())
            .build();
  }

  /** The release workflow. */
  public ReleaseWorkflowMachine workflow() {
    return workflow;
  }

  /** The control table and the worker Lambda of distributed migrations. */
  public MigrationWorkerFunction migrationWorkers() {
    return workers;
  }

  /** The project that runs long steps. */
  public LongStepProject longSteps() {
    return longSteps;
  }

  /** The release vehicle. */
  public ReleaseVehicleFunction vehicle() {
    return vehicle;
  }

  /** The output naming the release workflow (a pipeline's release step reads it). */
  public CfnOutput workflowArnOutput() {
    return workflowArnOutput;
  }

  /** The output naming the vehicle's function (a pipeline's release step reads it). */
  public CfnOutput functionNameOutput() {
    return functionNameOutput;
  }

  /** Its VPC endpoints. */
  public VehicleEndpoints endpoints() {
    return endpoints;
  }

  /** The custom resource that releases on deploy, when switched on. */
  public Optional<DeployTimeRelease> deployTimeRelease() {
    return deployTimeRelease;
  }
}
