package app.cruddur.ops.runner.internal.workflow;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
 * The executions of one stage's release workflow, for both who start and follow them: the CLI's
 * {@code release --via} (through {@code operations/vehicle/WorkflowCalls}, a client of its own for
 * each round of calls) and the vehicle's deploy-time custom resource (start one for a deployment's
 * request, read where it is, stop those a deployment started). Every list is read whole
 * (paginated); the SDK's exceptions pass through, for each caller to say in its own way.
 */
public final class ReleaseExecutions {
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
   * Starts the execution {@code name} with {@code input}. Step Functions starts a Standard
   * execution once per name: the same name and input again (a retried request) is the same
   * execution — while it runs; once it has ended Step Functions answers ExecutionAlreadyExists, and
   * the ended execution of that name and input is still the one asked for.
   */
  public Started start(String name, JsonNode input) {
    try {
      var started =
          sfn.startExecution(
              b -> b.stateMachineArn(stateMachineArn).name(name).input(input.toString()));
      return new Started(started.executionArn(), started.startDate());
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
      return new Started(arn, existing.startDate());
    }
  }

  /** The executions that are running. */
  public List<ExecutionListItem> running() {
    return sfn
        .listExecutionsPaginator(
            b -> b.stateMachineArn(stateMachineArn).statusFilter(ExecutionStatus.RUNNING))
        .executions()
        .stream()
        .toList();
  }

  /** The execution that is running, if any (the newest, if several). */
  public Optional<ExecutionListItem> newestRunning() {
    return running().stream().max(Comparator.comparing(ExecutionListItem::startDate));
  }

  /** Where the execution {@code arn} is. */
  public Execution describe(String arn) {
    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
    return new Execution(
        d.executionArn(),
        d.name(),
        d.status(),
        d.startDate(),
        Optional.ofNullable(d.stopDate()),
        Optional.ofNullable(d.error()),
        Optional.ofNullable(d.cause()));
  }

  /**
   * The answers of the slices that ended in the execution {@code arn} after its event {@code
   * afterEventId}, in the order they ended, and the id of its last event (to ask after next time).
   * The whole history is read, whatever order the service lists it in.
   */
  public SliceAnswers sliceAnswers(String arn, long afterEventId) {
    List<HistoryEvent> events =
        sfn
            .getExecutionHistoryPaginator(b -> b.executionArn(arn).includeExecutionData(true))
            .events()
            .stream()
            .filter(e -> e.id() > afterEventId)
            .sorted(Comparator.comparing(HistoryEvent::id))
            .toList();
    List<JsonNode> answers = new ArrayList<>();
    long last = afterEventId;
    for (HistoryEvent event : events) {
      last = Math.max(last, event.id());
      sliceAnswer(event).ifPresent(answers::add);
    }
    return new SliceAnswers(answers, last);
  }

  /**
   * The newest slice answer's {@value ReleaseWorkflow#ESTIMATE_FIELD}: how long the rest of the
   * release is expected to take, when a slice said so.
   */
  public Optional<Duration> latestEstimate(String arn) {
    Optional<Duration> found = Optional.empty();
    for (JsonNode answer : sliceAnswers(arn, 0).answers()) {
      JsonNode estimate = answer.path(ReleaseWorkflow.ESTIMATE_FIELD);
      if (estimate.isNumber()) {
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
    for (ExecutionListItem execution : running()) {
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

  /** The answer of a slice, when {@code event} is the end of one. */
  private static Optional<JsonNode> sliceAnswer(HistoryEvent event) {
    if (event.type() != HistoryEventType.TASK_STATE_EXITED
        || event.stateExitedEventDetails() == null
        || !ReleaseWorkflow.SLICE_STATE.equals(event.stateExitedEventDetails().name())) {
      return Optional.empty();
    }
    JsonNode answer = parse(event.stateExitedEventDetails().output()).at(ANSWER_POINTER);
    return answer.isObject() ? Optional.of(answer) : Optional.empty();
  }

  private static JsonNode parse(String json) {
    try {
      return json == null ? Json.mapper().missingNode() : Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      return Json.mapper().missingNode();
    }
  }

  /**
   * An execution just started (or, for a retried request, started before).
   *
   * @param arn its ARN
   * @param at when
   */
  public record Started(String arn, Instant at) {}

  /**
   * An execution as DescribeExecution tells it.
   *
   * @param arn its ARN
   * @param name its name
   * @param status running, succeeded, failed, timed out, aborted
   * @param started when it started
   * @param stopped when it ended, once it has
   * @param error a failed execution's error (the error code of {@link ReleaseWorkflow})
   * @param cause a failed execution's cause (the error object as JSON, for a failed slice)
   */
  public record Execution(
      String arn,
      String name,
      ExecutionStatus status,
      Instant started,
      Optional<Instant> stopped,
      Optional<String> error,
      Optional<String> cause) {}

  /**
   * What a read of an execution's history found.
   *
   * @param answers the answers of the slices that ended, in that order
   * @param lastEventId the id of the last event read
   */
  public record SliceAnswers(List<JsonNode> answers, long lastEventId) {}
}
