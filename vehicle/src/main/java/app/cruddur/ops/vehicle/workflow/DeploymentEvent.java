package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A CloudFormation custom-resource request as the CDK's Provider framework hands it to {@code
 * onEvent} and {@code isComplete} (the latter with {@code onEvent}'s answer merged in).
 *
 * @param requestType {@code Create}, {@code Update} or {@code Delete}
 * @param requestId CloudFormation's id of this request (the same when the framework retries)
 * @param physicalResourceId the resource's id, empty on Create
 * @param wantedPackage the package fingerprint the request's properties name
 * @param wantedTarget the deployment outputs the request's properties name
 * @param executionArn the execution {@code onEvent} started, when it started one
 */
public record DeploymentEvent(
    String requestType,
    String requestId,
    String physicalResourceId,
    String wantedPackage,
    Map<String, String> wantedTarget,
    Optional<String> executionArn) {

  /** The request in {@code event}. */
  public static DeploymentEvent of(JsonNode event) {
    JsonNode properties = event.path("ResourceProperties");
    Map<String, String> target = new TreeMap<>();
    properties
        .path(ReleaseVehicle.TARGET_PROPERTY)
        .fields()
        .forEachRemaining(e -> target.put(e.getKey(), e.getValue().asText()));
    String arn = event.path("Data").path(ReleaseWorkflow.EXECUTION_ARN_ATTRIBUTE).asText("");
    return new DeploymentEvent(
        event.path("RequestType").asText(""),
        event.path("RequestId").asText(""),
        event.path("PhysicalResourceId").asText(""),
        properties.path(ReleaseVehicle.PACKAGE_PROPERTY).asText(""),
        Map.copyOf(target),
        arn.isEmpty() ? Optional.empty() : Optional.of(arn));
  }

  /**
   * True when this request asks for what the function was deployed with: its package and its
   * target. An Update that asks for anything else is CloudFormation rolling back to the previous
   * properties (the handler functions are rolled back after the resource that depends on them).
   */
  public boolean isFor(String packageFingerprint, Map<String, String> target) {
    return wantedPackage.equals(packageFingerprint) && new TreeMap<>(wantedTarget).equals(target);
  }
}
