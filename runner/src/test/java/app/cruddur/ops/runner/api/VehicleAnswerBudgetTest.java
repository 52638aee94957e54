package app.cruddur.ops.runner.api;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A slice's answer is the Lambda's result the release workflow keeps in its state: Step Functions
 * fails the execution on one over {@value ReleaseWorkflow#MAX_ANSWER_BYTES} bytes, so the answer
 * keeps within {@value ReleaseWorkflow#ANSWER_BUDGET_BYTES}, whatever the slice did.
 */
class VehicleAnswerBudgetTest {
  private static final VerbRequest SLICE =
      VerbRequest.slice(
          new VerbRequest.Slice("execution", ReleaseWorkflow.SLICE_MARGIN, Optional.empty()),
          false);

  @Test
  void aSliceOfManyStepsAnswersWithinTheBudgetItsReportWholeAndItsNewestEvents() {
    List<StepResult> steps = steps(400);
    ReleaseResult result = result(steps, List.of(new Warning("W", "a warning")));
    List<ReleaseEvent> heard = heard(steps);
    VehicleAnswer answer = answer(result, heard);
    assertThat(bytes(answer.toJson(Integer.MAX_VALUE)))
        .as("without the bound")
        .isGreaterThan(ReleaseWorkflow.MAX_ANSWER_BYTES);

    ObjectNode fitted = answer.toJson();

    assertThat(bytes(fitted)).isLessThanOrEqualTo(ReleaseWorkflow.ANSWER_BUDGET_BYTES);
    VehicleAnswer read = VehicleAnswer.fromJson(fitted);
    assertThat(read.slice()).isEqualTo(answer.slice());
    assertThat(read.envelope().result(ReleaseResult.class)).isEqualTo(result);
    List<ReleaseEvent> events = read.events();
    assertThat(events.get(0)).isEqualTo(heard.get(0));
    int leftOut = heard.size() - (events.size() - 1);
    assertThat(events.get(1).message())
        .hasValue(
            "This slice's answer leaves out "
                + leftOut
                + " earlier progress events (steps started, notices) to stay within 200 KiB"
                + " (Step Functions keeps at most 256 KiB a state): the vehicle's log has them"
                + " all, the ledger every step (cruddur status)");
    // every step's end as heard (its line in the report), only the oldest steps' starts left out
    List<ReleaseEvent> kept = new ArrayList<>(heard.subList(1, heard.size()));
    for (int i = 0, dropped = 0; dropped < leftOut; ) {
      if (kept.get(i).type() == ReleaseEvent.Type.STEP_STARTED) {
        kept.remove(i);
        dropped++;
      } else {
        i++;
      }
    }
    assertThat(events.subList(2, events.size())).isEqualTo(kept);
    assertThat(events).filteredOn(e -> e.type() == ReleaseEvent.Type.STEP_FINISHED).hasSize(400);

    // the follower's progress: the notice is one line among the steps' own
    List<String> lines = new ArrayList<>();
    ReleaseListener follower =
        new ReleaseListener() {
          @Override
          public void notice(String message) {
            lines.add(message);
          }

          @Override
          public void stepFinished(StepResult step) {
            lines.add(step.version() + " " + step.summary());
          }
        };
    events.forEach(e -> e.replayTo(follower));
    assertThat(lines).filteredOn(l -> l.startsWith("This slice's answer leaves out")).hasSize(1);
    assertThat(lines).last().isEqualTo("V0400 changed 12,000 items");
  }

  @Test
  void overTheBudgetTheStepsEndsAreSaidByTheirPlaceInTheReportWithoutLoss() {
    List<StepResult> steps = steps(300);
    ReleaseResult result = result(steps, List.of());
    ReleaseEvent.Recorder recorder = new ReleaseEvent.Recorder(ReleaseListener.NONE);
    recorder.releaseStarted("aws region us-east-1", "dev");
    steps.forEach(recorder::stepFinished);
    VehicleAnswer answer = answer(result, recorder.events());
    int budget = (int) (bytes(answer.toJson(Integer.MAX_VALUE)) * 3 / 4);

    ObjectNode fitted = answer.toJson(budget);

    assertThat(bytes(fitted)).isLessThanOrEqualTo(budget);
    assertThat(fitted.at("/events/1/appliedAt").asInt(-1)).isZero();
    VehicleAnswer read = VehicleAnswer.fromJson(fitted);
    assertThat(read.events()).isEqualTo(answer.events());
    assertThat(read.envelope()).isEqualTo(answer.envelope());
  }

  @Test
  void anAnswerUnderTheBudgetIsWhole() {
    List<StepResult> steps = steps(3);
    VehicleAnswer answer = answer(result(steps, List.of()), heard(steps));

    assertThat(answer.toJson()).isEqualTo(answer.toJson(Integer.MAX_VALUE));
    assertThat(VehicleAnswer.fromJson(answer.toJson()).events()).isEqualTo(answer.events());
  }

  @Test
  void whenEvenTheReportIsOverItGoesAndWhatTheWorkflowRoutesOnStays() {
    List<StepResult> steps = steps(100);
    List<Warning> warnings =
        IntStream.range(0, 50)
            .mapToObj(i -> new Warning("W", "warning " + i + " " + "w".repeat(200)))
            .toList();
    ReleaseResult.Distribute distribute =
        new ReleaseResult.Distribute(
            "V0101",
            "run-1",
            "cruddur-dev-migration-control",
            4,
            4,
            100,
            List.of(List.of(0, 4), List.of(1, 5), List.of(2, 6), List.of(3, 7)));
    ReleaseResult result =
        new ReleaseResult(
            UUID.randomUUID(),
            "aws region us-east-1",
            "dev",
            steps,
            0,
            List.of(),
            List.of(Store.DYNAMODB),
            1000,
            List.of(),
            Optional.of(
                new ReleaseResult.Unfinished(
                    "the slice's time ran out",
                    "V0101 handed to the workers",
                    List.of("V0101"),
                    600,
                    Optional.empty(),
                    Optional.of(distribute))),
            warnings);
    VehicleAnswer answer = answer(result, heard(steps));
    int budget = 8 * 1024;

    ObjectNode fitted = answer.toJson(budget);

    assertThat(bytes(fitted)).isLessThanOrEqualTo(budget);
    VehicleAnswer read = VehicleAnswer.fromJson(fitted);
    assertThat(read.slice()).isEqualTo(answer.slice());
    assertThat(read.slice().orElseThrow().distribute()).hasValue(distribute);
    assertThat(read.envelope().result()).isEmpty();
    assertThat(read.events()).hasSize(2);
    assertThat(read.events().get(1).message().orElseThrow())
        .startsWith(
            "This slice's answer leaves out 100 earlier progress events (steps started,"
                + " notices), 100 steps' lines, 100 steps' details, its report (100 steps"
                + " applied), ")
        .contains(" warnings to stay within 8 KiB");
  }

  private static List<StepResult> steps(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(
            i -> {
              ObjectNode details = Json.mapper().createObjectNode();
              details.put("requests", 600L * i).put("resent", i).put("backoffMs", 25L * i);
              details.put("note", "x".repeat(100));
              return new StepResult(
                  String.format("V%04d", i),
                  "dynamodb-migration",
                  Store.DYNAMODB,
                  "backfill message_group_uuid on every message of group " + i,
                  true,
                  1200,
                  "changed 12,000 items",
                  details,
                  true);
            })
        .toList();
  }

  private static ReleaseResult result(List<StepResult> applied, List<Warning> warnings) {
    return new ReleaseResult(
        UUID.randomUUID(),
        "aws region us-east-1",
        "dev",
        applied,
        2,
        List.of(),
        List.of(Store.POSTGRES, Store.DYNAMODB),
        1000,
        List.of(),
        Optional.of(
            new ReleaseResult.Unfinished(
                "the slice's time ran out",
                "before V0401",
                List.of("V0401"),
                60,
                Optional.empty())),
        warnings);
  }

  /** What the vehicle's listener heard applying {@code steps}: each started, then finished. */
  private static List<ReleaseEvent> heard(List<StepResult> steps) {
    ReleaseEvent.Recorder recorder = new ReleaseEvent.Recorder(ReleaseListener.NONE);
    recorder.releaseStarted("aws region us-east-1", "dev");
    for (StepResult step : steps) {
      recorder.stepStarted(
          new StepStatus(
              step.version(),
              step.description(),
              step.kind(),
              step.store(),
              "seeders/" + step.version() + "__backfill.yaml",
              List.of("dev", "prod"),
              Optional.of("0123456789abcdef0123456789abcdef"),
              Optional.empty(),
              StepState.PENDING,
              "",
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
      recorder.stepFinished(step);
    }
    return recorder.events();
  }

  private static VehicleAnswer answer(ReleaseResult result, List<ReleaseEvent> events) {
    Envelope envelope =
        Envelope.of(
            "release",
            Optional.of(result.target()),
            Optional.of(result),
            result.warnings(),
            result.failure());
    return VehicleAnswer.of(SLICE, envelope, events, Optional.of(result));
  }

  private static long bytes(JsonNode doc) {
    return AnswerBudget.size(doc);
  }
}
