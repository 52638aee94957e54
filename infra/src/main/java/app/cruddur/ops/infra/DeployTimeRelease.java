package app.cruddur.ops.infra;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.LogOptions;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * {@code cdk deploy} releases: a custom resource whose provider (the CDK's Provider framework)
 * starts the stage's release workflow ({@code onEvent}: the vehicle package's {@code
 * DeployTimeStart}) and polls it every {@link ReleaseWorkflow#DEPLOY_POLL} ({@code isComplete}:
 * {@code DeployTimeCheck}) for at most {@link ReleaseWorkflow#DEPLOY_WAIT}, within the hour
 * CloudFormation waits for a custom resource. Its properties are the package's fingerprint and the
 * target, so CloudFormation calls it exactly when the runner, seeders/, migrations/ or a resource
 * of the stage changed. A failed release fails the resource, hence the deployment, with the
 * release's error line; a release that cannot finish while the deployment waits is stopped and
 * fails it early, saying to release from the pipeline step; a rollback or a deletion stops the
 * execution the deployment started.
 *
 * <p>The two handlers run outside the VPC: they call Step Functions only (no PostgreSQL), which an
 * interface endpoint in the isolated subnets would cost a monthly fee per AZ to reach, and a
 * function outside a VPC starts without a network interface.
 */
public final class DeployTimeRelease extends Construct {
  /** The custom resource's type, as CloudFormation shows it. */
  public static final String RESOURCE_TYPE = "Custom::CruddurRelease";

  private final Provider provider;
  private final CustomResource release;
  private final LogGroup providerLogs;
  private final Function start;
  private final Function check;

  /**
   * Defines the handlers, the provider and the custom resource that releases through {@code
   * workflow}.
   */
  public DeployTimeRelease(
      Construct scope,
      String id,
      Path vehicleJar,
      ReleaseVehicleFunction vehicle,
      StateMachine workflow,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy) {
    super(scope, id);
    Map<String, String> environment = new TreeMap<>(vehicle.environment());
    environment.put(ReleaseWorkflow.WORKFLOW_ARN_ENV, workflow.getStateMachineArn());
    environment.put(ReleaseWorkflow.DEPLOY_WAIT_ENV, "" + ReleaseWorkflow.DEPLOY_WAIT.toSeconds());
    Code code = Code.fromAsset(vehicleJar.toString());
    String executions =
        Stack.of(this)
            .formatArn(
                ArnComponents.builder()
                    .service("states")
                    .resource("execution")
                    .resourceName(workflow.getStateMachineName() + ":*")
                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                    .build());

    start =
        handler(
            "Start",
            ReleaseWorkflow.DEPLOY_START_HANDLER,
            "starts the release workflow",
            code,
            environment,
            logRetention,
            removalPolicy);
    start.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("StartAndListTheReleaseWorkflow")
            .actions(List.of("states:StartExecution", "states:ListExecutions"))
            .resources(List.of(workflow.getStateMachineArn()))
            .build());
    start.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("StopItsExecutions")
            .actions(List.of("states:StopExecution"))
            .resources(List.of(executions))
            .build());

    check =
        handler(
            "Check",
            ReleaseWorkflow.DEPLOY_CHECK_HANDLER,
            "follows the release workflow",
            code,
            environment,
            logRetention,
            removalPolicy);
    check.addToRolePolicy(
        PolicyStatement.Builder.create()
            .sid("FollowAndStopItsExecutions")
            .actions(
                List.of(
                    "states:DescribeExecution",
                    "states:GetExecutionHistory",
                    "states:StopExecution"))
            .resources(List.of(executions))
            .build());

    providerLogs =
        LogGroup.Builder.create(this, "ProviderLogs")
            .retention(logRetention)
            .removalPolicy(removalPolicy)
            .build();
    provider =
        Provider.Builder.create(this, "Provider")
            .onEventHandler(start)
            .isCompleteHandler(check)
            .queryInterval(Duration.seconds(ReleaseWorkflow.DEPLOY_POLL.toSeconds()))
            .totalTimeout(Duration.minutes(ReleaseWorkflow.DEPLOY_WAIT.toMinutes()))
            .logGroup(providerLogs)
            .disableWaiterStateMachineLogging(false)
            .waiterStateMachineLogOptions(
                LogOptions.builder()
                    .destination(providerLogs)
                    .level(LogLevel.ALL)
                    .includeExecutionData(true)
                    .build())
            .build();
    release =
        CustomResource.Builder.create(this, "Release")
            .serviceToken(provider.getServiceToken())
            .resourceType(RESOURCE_TYPE)
            // CloudFormation's longest wait for a custom resource: the provider gives up first
            .serviceTimeout(Duration.hours(1))
            .properties(
                new TreeMap<>(
                    Map.of(
                        ReleaseVehicle.PACKAGE_PROPERTY, vehicle.packageFingerprint(),
                        ReleaseVehicle.TARGET_PROPERTY, vehicle.target())))
            .build();
  }

  private Function handler(
      String id,
      String handler,
      String what,
      Code code,
      Map<String, String> environment,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy) {
    return JavaFunction.logsAndRole(
            this,
            id,
            Optional.empty(),
            "Cruddur deploy-time release: " + what + "; its own logs",
            logRetention,
            removalPolicy)
        .function(this, id, handler, code)
        .description("Cruddur deploy-time release: " + what + " (outside the VPC)")
        .memorySize(512)
        .timeout(Duration.minutes(1))
        .environment(environment)
        .build();
  }

  /** The Provider framework. */
  public Provider provider() {
    return provider;
  }

  /** The custom resource. */
  public CustomResource release() {
    return release;
  }

  /** The provider function's log group (and its waiter's). */
  public LogGroup providerLogs() {
    return providerLogs;
  }

  /** The {@code onEvent} handler. */
  public Function start() {
    return start;
  }

  /** The {@code isComplete} handler. */
  public Function check() {
    return check;
  }
}
