package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.internal.workflow.ReleaseExecutions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The deploy-time custom resource's {@code onEvent}: starts the stage's release workflow and
 * returns at once ({@link DeployTimeCheck} waits for it).
 *
 * <ul>
 *   <li>Create, and an Update for this function's own package and target: starts the execution
 *       named after the request ({@link ReleaseWorkflow#deployExecutionName}: a retried request
 *       starts nothing twice) and answers its ARN as the attribute {@value
 *       ReleaseWorkflow#EXECUTION_ARN_ATTRIBUTE}.
 *   <li>An Update for another package or target is CloudFormation rolling back (after a failure or
 *       a cancelled update): the release never runs backwards, so it starts nothing and stops the
 *       execution the failed deployment started.
 *   <li>Delete (the stack deleted, or a Create rolled back): stops that execution too; deleting a
 *       stack never reverts a release.
 * </ul>
 */
public final class DeployTimeStart extends CustomResourceHandler {
  /** The handler Lambda instantiates: this process's environment, its Step Functions client. */
  public DeployTimeStart() {
    this(System.getenv(), CustomResourceHandler::defaultClient, Clock.systemUTC(), System.out);
  }

  /**
   * @param env the function's environment
   * @param sfn the Step Functions client (asked for on the first request)
   * @param clock now
   * @param log where what it did goes
   */
  public DeployTimeStart(
      Map<String, String> env, Supplier<SfnClient> sfn, Clock clock, PrintStream log) {
    super(env, sfn, clock, log);
  }

  @Override
  public ObjectNode handle(JsonNode event) {
    DeploymentEvent request = DeploymentEvent.of(event);
    DeployTimeSettings settings = settings();
    ReleaseExecutions executions = executions(settings);
    ObjectNode response = JSON.createObjectNode();
    response.put(
        "PhysicalResourceId",
        request.physicalResourceId().isEmpty()
            ? settings.stage() + "-release"
            : request.physicalResourceId());
    switch (request.requestType()) {
      case "Delete" -> {
        List<String> stopped =
            executions.stopDeploymentExecutions(
                "DEPLOYMENT_DELETED",
                "the custom resource was deleted (stack deleted, or its creation rolled back)");
        log.println(
            "cruddur workflow: Delete: stopped "
                + stopped
                + "; nothing to undo (deleting a stack never reverts a release)");
        return response;
      }
      case "Create", "Update" -> {
        if (request.requestType().equals("Update")
            && !request.isFor(settings.packageFingerprint(), settings.target())) {
          List<String> stopped =
              executions.stopDeploymentExecutions(
                  "DEPLOYMENT_ROLLED_BACK",
                  "the deployment that started it failed or was cancelled and is rolling back");
          log.println(
              "cruddur workflow: Update for package "
                  + request.wantedPackage()
                  + " while this function is package "
                  + settings.packageFingerprint()
                  + " (or for another target): CloudFormation is rolling back. Stopped "
                  + stopped
                  + "; a release never runs backwards: the ledger keeps what was applied"
                  + " (cruddur status)");
          return response;
        }
        ObjectNode input = JSON.createObjectNode();
        input
            .putObject("deployment")
            .put("requestId", request.requestId())
            .put("requestType", request.requestType())
            .put("stage", settings.stage())
            .put("package", settings.packageFingerprint());
        String arn =
            executions.start(ReleaseWorkflow.deployExecutionName(request.requestId()), input).arn();
        log.println("cruddur workflow: " + request.requestType() + ": started " + arn);
        response.putObject("Data").put(ReleaseWorkflow.EXECUTION_ARN_ATTRIBUTE, arn);
        return response;
      }
      default ->
          throw new DeploymentFailedException(
              "unknown custom resource request type '" + request.requestType() + "'");
    }
  }
}
