package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.vehicle.VehicleSettings;
import app.cruddur.ops.vehicle.VehicleSetupException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the deploy-time custom resource's handlers read from their environment: the vehicle's own
 * variables (stage, target, package; see {@link VehicleSettings}) and the workflow's.
 *
 * @param stage the stage, for messages
 * @param packageFingerprint the package this deployment releases
 * @param target the deployment outputs this deployment releases to
 * @param workflowArn the stage's state machine
 * @param deployWait how long the deployment waits for the release
 */
record DeployTimeSettings(
    String stage,
    String packageFingerprint,
    Map<String, String> target,
    String workflowArn,
    Duration deployWait) {

  /**
   * The settings in {@code env}.
   *
   * @throws DeploymentFailedException naming what is missing
   */
  static DeployTimeSettings from(Map<String, String> env) {
    try {
      VehicleSettings vehicle = VehicleSettings.from(env);
      String arn = env.getOrDefault(ReleaseWorkflow.WORKFLOW_ARN_ENV, "");
      if (arn.isBlank()) {
        throw new VehicleSetupException(ReleaseWorkflow.WORKFLOW_ARN_ENV + " is not set");
      }
      String wait = env.getOrDefault(ReleaseWorkflow.DEPLOY_WAIT_ENV, "");
      return new DeployTimeSettings(
          vehicle.stage(),
          vehicle.packageFingerprint(),
          new TreeMap<>(vehicle.outputs()),
          arn,
          wait.isBlank()
              ? ReleaseWorkflow.DEPLOY_WAIT
              : Duration.ofSeconds(Long.parseLong(wait.strip())));
    } catch (VehicleSetupException | NumberFormatException e) {
      throw new DeploymentFailedException(
          "the release's custom resource is not set up: "
              + e.getMessage()
              + ". Deploy it with the CDK app (npx cdk deploy), which sets its environment");
    }
  }
}
