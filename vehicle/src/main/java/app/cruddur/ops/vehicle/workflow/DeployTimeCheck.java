package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.internal.workflow.ReleaseExecutions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The deploy-time custom resource's {@code isComplete}, asked every {@link
 * ReleaseWorkflow#DEPLOY_POLL} for at most {@link ReleaseWorkflow#DEPLOY_WAIT}: is the execution
 * {@link DeployTimeStart} started done?
 *
 * <ul>
 *   <li>Succeeded: complete.
 *   <li>Failed, timed out or stopped: fails the deployment with one line (the failed slice's error
 *       and exit code, as the release would print them).
 *   <li>Running: not yet, unless it cannot finish while the deployment waits: the newest slice's
 *       estimate of what is left exceeds the wait that remains, or the wait is over at the next
 *       poll. Then it stops the execution (at the slice's next boundary) and fails the deployment
 *       with one line saying to release from the pipeline step instead.
 * </ul>
 */
public final class DeployTimeCheck extends CustomResourceHandler {
  /** The error an execution stopped for the deployment's wait ends with. */
  public static final String WAIT_EXCEEDED = "DEPLOY_WAIT_EXCEEDED";

  /** The handler Lambda instantiates: this process's environment, its Step Functions client. */
  public DeployTimeCheck() {
    this(System.getenv(), CustomResourceHandler::defaultClient, Clock.systemUTC(), System.out);
  }

  /**
   * @param env the function's environment
   * @param sfn the Step Functions client (asked for on the first request)
   * @param clock now
   * @param log where what it did goes
   */
  public DeployTimeCheck(
      Map<String, String> env, Supplier<SfnClient> sfn, Clock clock, PrintStream log) {
    super(env, sfn, clock, log);
  }

  @Override
  public ObjectNode handle(JsonNode event) {
    DeploymentEvent request = DeploymentEvent.of(event);
    ObjectNode response = JSON.createObjectNode();
    if (request.executionArn().isEmpty()) {
      // a Delete or a rollback: onEvent started nothing to wait for
      return response.put("IsComplete", true);
    }
    DeployTimeSettings settings = settings();
    ReleaseExecutions executions = executions(settings);
    String arn = request.executionArn().get();
    ReleaseExecutions.Execution execution = executions.describe(arn);
    switch (execution.status()) {
      case RUNNING -> {
        Duration left =
            Duration.between(clock.instant(), execution.started().plus(settings.deployWait()));
        Optional<Duration> estimate = executions.latestEstimate(arn);
        boolean tooLong = estimate.isPresent() && estimate.get().compareTo(left) > 0;
        if (tooLong || left.compareTo(ReleaseWorkflow.DEPLOY_POLL) <= 0) {
          String line = tooLong(settings, estimate, left);
          executions.stop(arn, WAIT_EXCEEDED, line);
          log.println("cruddur workflow: stopped " + arn + ": " + line);
          throw new DeploymentFailedException(line);
        }
        return response.put("IsComplete", false);
      }
      case SUCCEEDED -> {
        log.println("cruddur workflow: " + arn + " succeeded");
        response.put("IsComplete", true);
        response.putObject("Data").put(ReleaseWorkflow.EXECUTION_ARN_ATTRIBUTE, arn);
        return response;
      }
      default -> throw new DeploymentFailedException(failed(settings, execution));
    }
  }

  private static String tooLong(
      DeployTimeSettings settings, Optional<Duration> estimate, Duration left) {
    String why =
        estimate
            .map(
                e ->
                    " needs about "
                        + minutes(e)
                        + " more, and the deployment can wait "
                        + minutes(left.isNegative() ? Duration.ZERO : left))
            .orElse(
                " did not finish within the "
                    + minutes(settings.deployWait())
                    + " a deployment waits");
    return "the release to "
        + settings.stage()
        + why
        + ": it was stopped at a boundary (the ledger keeps what was applied). Deploy with -c"
        + " releaseOnDeploy=false and release from the pipeline step: cruddur release --aws --via";
  }

  private static String failed(DeployTimeSettings settings, ReleaseExecutions.Execution execution) {
    String how =
        switch (execution.status()) {
          case FAILED -> "failed";
          case TIMED_OUT -> "timed out";
          case ABORTED -> "was stopped";
          default -> "ended " + execution.status();
        };
    StringBuilder line =
        new StringBuilder("release to ").append(settings.stage()).append(' ').append(how);
    JsonNode error = errorObject(execution.cause().orElse(""));
    if (error.hasNonNull(ReleaseWorkflow.ERROR_MESSAGE_FIELD)) {
      line.append(", exit ")
          .append(error.path(ReleaseWorkflow.ERROR_EXIT_CODE_FIELD).asInt(1))
          .append(" (")
          .append(execution.error().orElse(error.path(ReleaseWorkflow.ERROR_CODE_FIELD).asText()))
          .append("): ")
          .append(error.path(ReleaseWorkflow.ERROR_MESSAGE_FIELD).asText());
      String hint = error.path(ReleaseWorkflow.ERROR_HINT_FIELD).asText("");
      if (!hint.isBlank()) {
        line.append(". ").append(hint);
      }
    } else {
      execution.error().ifPresent(e -> line.append(": ").append(e));
      execution.cause().ifPresent(c -> line.append(": ").append(c.strip()));
    }
    return line.append(" (execution ")
        .append(execution.name())
        .append("; the whole report is in the release function's log)")
        .toString();
  }

  private static JsonNode errorObject(String cause) {
    try {
      JsonNode node = JSON.readTree(cause);
      return node != null && node.isObject() ? node : JSON.missingNode();
    } catch (JsonProcessingException notJson) {
      return JSON.missingNode();
    }
  }

  private static String minutes(Duration d) {
    long minutes = (d.toSeconds() + 59) / 60;
    return minutes >= 60 ? minutes / 60 + " h " + minutes % 60 + " min" : minutes + " min";
  }
}
