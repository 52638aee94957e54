package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The executions of one stage's release workflow, as the deploy-time custom resource sees them:
 * start one for a deployment's request, read where it is, stop those a deployment started.
 */
public final class ReleaseExecutions {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANSWER_POINTER =
      ReleaseWorkflow.ANSWER_PATH.substring(1).replace('.', '/');

  private final SfnClient sfn;
  private final String stateMachineArn;

  /**
   * @param sfn a Step Functions client
   * @param stateMachineArn the stage's state machine
   */
  public ReleaseExecutions(SfnClient sfn, String stateMachineArn) {
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
  }

  /**
   * Starts the execution {@code name} with {@code input}; its ARN. Step Functions starts a Standard
   * execution once per name: the same name and input again (a retried request) is the same
   * execution — while it runs; once it has ended Step Functions answers ExecutionAlreadyExists, and
   * the ended execution of that name and input is still the one asked for.
   */
  public String start(String name, JsonNode input) {
    try {
      return sfn.startExecution(
              b -> b.stateMachineArn(stateMachineArn).name(name).input(input.toString()))
          .executionArn();
    } catch (ExecutionAlreadyExistsException exists) {
      String arn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
      DescribeExecutionResponse existing;
      try {
        existing = sfn.describeExecution(b -> b.executionArn(arn));
      } catch (ExecutionDoesNotExistException gone) {
        throw exists;
      }
      if (!input.equals(parse(existing.input()))) {
        throw exists; // another request's execution of that name
      }
      return arn;
    }
  }

  /** Where the execution {@code arn} is. */
  public Execution describe(String arn) {
    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
    return new Execution(
        d.executionArn(),
        d.name(),
        d.status(),
        d.startDate(),
        Optional.ofNullable(d.error()),
        Optional.ofNullable(d.cause()));
  }

  /**
   * The newest slice answer's {@value ReleaseWorkflow#ESTIMATE_FIELD}: how long the rest of the
   * release is expected to take, when a slice said so. The whole history is read (a page holds
   * about a day of slices) and the newest event decides, whatever order the service lists them in.
   */
  public Optional<Duration> latestEstimate(String arn) {
    long newest = -1;
    Optional<Duration> found = Optional.empty();
    for (HistoryEvent event :
        sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn).includeExecutionData(true))
            .events()) {
      if (event.type() != HistoryEventType.TASK_STATE_EXITED
          || !ReleaseWorkflow.SLICE_STATE.equals(event.stateExitedEventDetails().name())
          || event.id() < newest) {
        continue;
      }
      JsonNode estimate =
          parse(event.stateExitedEventDetails().output())
              .at(ANSWER_POINTER + "/" + ReleaseWorkflow.ESTIMATE_FIELD);
      if (estimate.isNumber()) {
        newest = event.id();
        found = Optional.of(Duration.ofSeconds(estimate.asLong()));
      }
    }
    return found;
  }

  /**
   * Stops every running execution a deployment started ({@value
   * ReleaseWorkflow#DEPLOY_EXECUTION_PREFIX}…), not those of a pipeline's {@code --via}; the ARNs
   * it stopped. A slice in flight finishes at its boundary; a long step's build is stopped.
   */
  public List<String> stopDeploymentExecutions(String error, String cause) {
    List<String> stopped = new ArrayList<>();
    for (ExecutionListItem execution :
        sfn.listExecutionsPaginator(
                b -> b.stateMachineArn(stateMachineArn).statusFilter(ExecutionStatus.RUNNING))
            .executions()) {
      if (execution.name().startsWith(ReleaseWorkflow.DEPLOY_EXECUTION_PREFIX)) {
        stop(execution.executionArn(), error, cause);
        stopped.add(execution.executionArn());
      }
    }
    return stopped;
  }

  /** Stops the execution {@code arn} (nothing when it already ended). */
  public void stop(String arn, String error, String cause) {
    try {
      sfn.stopExecution(b -> b.executionArn(arn).error(error).cause(cause));
    } catch (ExecutionDoesNotExistException gone) {
      // nothing to stop
    }
  }

  private static JsonNode parse(String json) {
    try {
      return json == null ? JSON.missingNode() : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return JSON.missingNode();
    }
  }

  /**
   * An execution as DescribeExecution tells it.
   *
   * @param arn its ARN
   * @param name its name
   * @param status running, succeeded, failed, timed out, aborted
   * @param started when it started
   * @param error a failed execution's error (the error code of {@link ReleaseWorkflow})
   * @param cause a failed execution's cause (the error object as JSON, for a failed slice)
   */
  public record Execution(
      String arn,
      String name,
      ExecutionStatus status,
      Instant started,
      Optional<String> error,
      Optional<String> cause) {}
}
