package app.cruddur.ops.runner.internal.operations.vehicle;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.api.AwsCallStats;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.Envelope;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.ReleaseEvent;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.api.VehicleAnswer;
import app.cruddur.ops.runner.api.VehicleRun;
import app.cruddur.ops.runner.api.Warning;
import app.cruddur.ops.runner.internal.workflow.ReleaseExecutions;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * {@code cruddur release --via} on a stage with a release workflow: starts an execution and follows
 * it to its end. Each slice's answer, read from the execution's history as it lands, replays its
 * events to the listener (the same progress as a local release) and says where the release stands;
 * the end is the same report and exit code as a local release: the slices' results as one release
 * when it succeeded, the failed slice's error (its code, exit code, message) when it failed, a
 * named error when the workflow failed outside a slice or was stopped. Every round of calls
 * resolves its credentials anew ({@link WorkflowCalls}).
 *
 * @param calls the stage's workflow
 * @param function the vehicle the workflow invokes (for messages and its log group)
 * @param listener told the slices' progress
 * @param started told the execution once it started (Ctrl-C then says how to follow or stop it)
 * @param longestPause the longest pause between two rounds of calls
 */
public record FollowWorkflow(
    WorkflowCalls calls,
    String function,
    ReleaseListener listener,
    Consumer<String> started,
    Duration longestPause) {
  /** The first pause: a release that has nothing to do ends within a second or two. */
  private static final Duration FIRST_PAUSE = Duration.ofMillis(250);

  /** Starts the workflow and follows it to its end. */
  public VehicleRun run() {
    ReleaseExecutions.Started execution = calls.start();
    started.accept(execution.arn());
    listener.notice(
        "Releasing in slices through the release workflow ("
            + calls.where()
            + "): "
            + execution.arn());
    List<VehicleAnswer> answers = new ArrayList<>();
    long seen = 0;
    Duration pause = FIRST_PAUSE;
    while (true) {
      long after = seen;
      Round round =
          calls.round(
              "following the release workflow execution " + execution.arn(),
              // the status first: once it has ended, the history read after it is whole
              executions ->
                  new Round(
                      executions.describe(execution.arn()),
                      executions.sliceAnswers(execution.arn(), after)));
      int before = answers.size();
      seen = round.history().lastEventId();
      round.history().answers().forEach(answer -> heard(answers, answer));
      if (round.status().status() != ExecutionStatus.RUNNING) {
        return ended(execution, round.status(), answers);
      }
      pause = answers.size() > before ? FIRST_PAUSE : min(pause.multipliedBy(2), longestPause);
      sleep(pause);
    }
  }

  private record Round(
      ReleaseExecutions.Execution status, ReleaseExecutions.SliceAnswers history) {}

  private void heard(List<VehicleAnswer> answers, JsonNode doc) {
    VehicleAnswer answer;
    try {
      answer = VehicleAnswer.fromJson(doc);
    } catch (IllegalArgumentException notAnEnvelope) {
      return; // the workflow itself fails on it (NO_OUTCOME), and says so at the end
    }
    answers.add(answer);
    // one release: its start told once, as a local release tells it
    answer.events().stream()
        .filter(e -> answers.size() == 1 || e.type() != ReleaseEvent.Type.RELEASE_STARTED)
        .forEach(event -> event.replayTo(listener));
    Optional<ReleaseResult> result = result(answer);
    String outcome = answer.slice().map(s -> s.outcome().wire()).orElse("no outcome");
    String where =
        result
            .flatMap(ReleaseResult::unfinished)
            .map(u -> ": " + u.describe())
            .or(
                () ->
                    answer
                        .slice()
                        .flatMap(s -> s.runLong())
                        .map(r -> ": " + r.step() + " runs in the long-step build"))
            .orElse("");
    listener.notice("Slice " + answers.size() + " answered " + outcome + where);
  }

  private VehicleRun ended(
      ReleaseExecutions.Started execution,
      ReleaseExecutions.Execution status,
      List<VehicleAnswer> answers) {
    Optional<VehicleAnswer> last =
        answers.isEmpty() ? Optional.empty() : Optional.of(answers.get(answers.size() - 1));
    String target = last.flatMap(a -> a.envelope().target()).orElse(calls.workflow());
    ExecutionStatus ended = status.status();
    if (ended == ExecutionStatus.SUCCEEDED
        && last.isPresent()
        && last.get().envelope().error().isEmpty()) {
      Instant stop = status.stopped().orElseGet(Instant::now);
      long durationMs = Duration.between(status.started(), stop).toMillis();
      List<ReleaseResult> results =
          answers.stream().map(FollowWorkflow::result).flatMap(Optional::stream).toList();
      if (!results.isEmpty()) {
        return new VehicleRun(
            function, target, Optional.of(asOneRelease(results, durationMs)), Optional.empty());
      }
    }
    return new VehicleRun(
        function, target, Optional.empty(), Optional.of(failure(execution.arn(), status)));
  }

  /** Why an execution that did not succeed ended, as the error a local release ends with. */
  private CruddurException failure(String arn, ReleaseExecutions.Execution status) {
    Optional<Envelope.Error> error = status.cause().flatMap(FollowWorkflow::errorOf);
    String history =
        "Its history: aws stepfunctions get-execution-history --execution-arn "
            + arn
            + "; what was applied is in the ledger (cruddur status --via)";
    return switch (status.status()) {
      case ABORTED ->
          CruddurException.of(
              ErrorCode.RELEASE_STOPPED,
              "the release workflow "
                  + arn
                  + " was stopped"
                  + error.map(e -> " (" + e.message() + ")").orElse(""),
              "Release again to continue where its last slice stopped (nothing failed)");
      case TIMED_OUT ->
          CruddurException.of(
              ErrorCode.WORKFLOW_FAILED, "the release workflow " + arn + " timed out", history);
      default ->
          error
              .filter(e -> status.error().equals(Optional.of(e.code())))
              .map(Envelope.Error::exception)
              .orElseGet(
                  () ->
                      CruddurException.of(
                          ErrorCode.WORKFLOW_FAILED,
                          "the release workflow "
                              + arn
                              + " ended "
                              + status.status()
                              + status.error().map(e -> ": " + e).orElse("")
                              + status.cause().map(c -> " (" + abbreviate(c) + ")").orElse(""),
                          history));
    };
  }

  /** The error object a failed execution's cause carries (the slice's, or the workflow's own). */
  private static Optional<Envelope.Error> errorOf(String cause) {
    JsonNode doc = parse(cause);
    if (!doc.isObject() || !doc.path(ReleaseWorkflow.ERROR_CODE_FIELD).isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().treeToValue(doc, Envelope.Error.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<ReleaseResult> result(VehicleAnswer answer) {
    try {
      return Optional.of(answer.envelope().result(ReleaseResult.class));
    } catch (IllegalArgumentException none) {
      return Optional.empty();
    }
  }

  /**
   * The slices' results as the one release they are: each step as it last stood (a migration paused
   * in one slice and finished in the next, once, its time summed), what was in place before the
   * first, what the last left, the AWS calls summed, every warning once, and the execution's time.
   */
  static ReleaseResult asOneRelease(List<ReleaseResult> slices, long durationMs) {
    ReleaseResult first = slices.get(0);
    ReleaseResult last = slices.get(slices.size() - 1);
    Map<String, StepResult> steps = new LinkedHashMap<>();
    Map<String, Long> stepTime = new LinkedHashMap<>();
    LinkedHashSet<Store> stores = new LinkedHashSet<>();
    Map<String, long[]> calls = new LinkedHashMap<>();
    LinkedHashSet<Warning> warnings = new LinkedHashSet<>();
    for (ReleaseResult slice : slices) {
      for (StepResult step : slice.applied()) {
        steps.put(step.version(), step);
        stepTime.merge(step.version(), step.durationMs(), Long::sum);
      }
      stores.addAll(slice.storesChecked());
      for (AwsCallStats c : slice.awsCalls()) {
        long[] sum = calls.computeIfAbsent(c.operation(), o -> new long[3]);
        sum[0] += c.calls();
        sum[1] += c.attempts();
        sum[2] += c.failures();
      }
      warnings.addAll(slice.warnings());
    }
    List<StepResult> applied =
        steps.values().stream()
            .map(
                s ->
                    new StepResult(
                        s.version(),
                        s.kind(),
                        s.store(),
                        s.description(),
                        s.succeeded(),
                        stepTime.get(s.version()),
                        s.summary(),
                        s.details(),
                        s.changed(),
                        s.paused()))
            .toList();
    return new ReleaseResult(
        first.releaseId(),
        last.target(),
        last.context(),
        applied,
        first.alreadyApplied(),
        first.notApplicable(),
        List.copyOf(stores),
        durationMs,
        calls.entrySet().stream()
            .map(
                e ->
                    new AwsCallStats(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
            .toList(),
        last.unfinished(),
        List.copyOf(warnings));
  }

  private static JsonNode parse(String json) {
    try {
      return json == null ? Json.mapper().missingNode() : Json.mapper().readTree(json);
    } catch (IOException e) {
      return Json.mapper().missingNode();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CruddurException.of(
          ErrorCode.INTERRUPTED,
          "stopped following the release workflow; it goes on",
          "Follow it with cruddur status --via, or stop it with cruddur release --via --stop");
    }
  }

  private static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
