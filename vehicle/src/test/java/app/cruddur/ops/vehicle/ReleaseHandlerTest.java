package app.cruddur.ops.vehicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.api.Envelope;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseEvent;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.RollbackResult;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.VehicleAnswer;
import app.cruddur.ops.vehicle.testing.LocalEngines;
import app.cruddur.ops.vehicle.testing.LocalStage;
import app.cruddur.ops.vehicle.testing.TestProjects;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vehicle's handler, in-process, against a stage made of the local engines: what the function
 * does in the VPC, with the release steps of its package. A direct invocation is answered with the
 * command's JSON envelope (and the release's events): its error's exit code, or 0, is the
 * command's.
 */
@ExtendWith(LocalEngines.class)
class ReleaseHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PACKAGE = "c1:package-under-test";

  @TempDir Path work;
  private final ByteArrayOutputStream functionLog = new ByteArrayOutputStream();

  private ReleaseHandler handler(Map<String, String> env) {
    return new ReleaseHandler(
        env, work, new PrintStream(functionLog, true, StandardCharsets.UTF_8));
  }

  private String functionLog() {
    return functionLog.toString(StandardCharsets.UTF_8);
  }

  /** The exit code an answer stands for: its error's, else 0. */
  private static int exitCode(JsonNode answer) {
    return answer.path("error").path("exitCode").asInt(0);
  }

  /** The name of that exit code ({@code ok}, {@code failed}, {@code usage}, {@code config}). */
  private static String exitName(JsonNode answer) {
    return java.util.Arrays.stream(ExitCode.values())
        .filter(c -> c.code() == exitCode(answer))
        .findFirst()
        .orElseThrow()
        .label();
  }

  /** The {@code error:} line a caller prints for a failed answer. */
  private static String errorLine(JsonNode answer) {
    return "error: " + Envelope.fromJson(answer).error().orElseThrow().exception().getMessage();
  }

  /** The answer's result, as the verb's typed record. */
  private static <R extends OperationResult> R result(JsonNode answer, Class<R> type) {
    return Envelope.fromJson(answer).result(type);
  }

  @Test
  void aReleaseAppliesTheStagesStepsAndARerunHasNothingToDo() throws IOException {
    LocalStage stage = LocalStage.create("release");
    ReleaseHandler handler = handler(stage.vehicleEnvironment(PACKAGE));

    JsonNode first = invoke(handler, "{\"command\": \"release\"}");
    assertThat(exitCode(first)).as(first.toPrettyString()).isZero();
    assertThat(exitName(first)).isEqualTo("ok");
    assertThat(first.has("error")).isFalse();
    assertThat(first.path("operation").asText()).isEqualTo("release");
    ReleaseResult released = result(first, ReleaseResult.class);
    assertThat(released.context()).isEqualTo("test");
    assertThat(released.applied())
        .extracting(StepResult::version)
        .contains("V001", "R__cognito_sync");
    assertThat(first.path("events").findValuesAsText("type"))
        .as("the release's progress, for the caller to show")
        .contains("RELEASE_STARTED", "STEP_STARTED", "STEP_FINISHED");
    // the test context: the schema, the table verified (CDK owns it on AWS), the sync; no dev data
    assertThat(stage.ledger())
        .containsExactly(
            "V001 SUCCEEDED", "V002 SUCCEEDED", "V010 SUCCEEDED", "R__cognito_sync SUCCEEDED");

    JsonNode rerun = invoke(handler, "{\"command\": \"release\"}");
    assertThat(exitCode(rerun)).as(rerun.toPrettyString()).isZero();
    assertThat(result(rerun, ReleaseResult.class).nothingToDo()).isTrue();

    JsonNode status = invoke(handler, "{\"command\": \"status\", \"output\": \"json\"}");
    assertThat(exitCode(status)).as(status.toPrettyString()).isZero();
    assertThat(result(status, ReleaseStatus.class).steps())
        .extracting(StepStatus::version)
        .contains("V001", "V002");
    // the function's log has every command's whole transcript, as the CLI prints it
    assertThat(functionLog())
        .contains("cruddur vehicle: release in context test on aws")
        .contains("lock wait 30 s")
        .contains("Nothing to do")
        .contains("\"operation\" : \"status\"")
        .contains("cruddur vehicle: release exit 0 (ok)");
  }

  @Test
  void aFailingStepGivesItsExitCodeAndErrorLineBackAndFailsTheDeployment(@TempDir Path project)
      throws IOException {
    TestProjects.copyWithABrokenChangeset(project);
    LocalStage stage = LocalStage.create("failing");
    Map<String, String> env = new TreeMap<>(stage.vehicleEnvironment(PACKAGE));
    env.put("CRUDDUR_PROJECT_DIR", project.toString());
    ReleaseHandler handler = handler(env);

    JsonNode failed = invoke(handler, "{\"command\": \"release\"}");
    assertThat(exitCode(failed)).as(failed.toPrettyString()).isEqualTo(1);
    assertThat(exitName(failed)).isEqualTo("failed");
    assertThat(failed.path("error").path("code").asText()).isEqualTo("STEP_FAILED");
    assertThat(errorLine(failed)).startsWith("error: V001").contains("no_such_table");
    assertThat(stage.ledger()).containsExactly("V001 FAILED");

    // the same release during a deployment fails it, with that line as CloudFormation's reason
    assertThatThrownBy(() -> handler.handle(event("Create", PACKAGE, stage.outputs())))
        .isInstanceOf(ReleaseFailedException.class)
        .hasMessageStartingWith(
            "release to " + stage.name() + " failed, exit 1 (failed): error: V001")
        .hasMessageContaining("no_such_table")
        .hasMessageEndingWith("(the whole report is in the function's log)")
        .satisfies(e -> assertThat(((ReleaseFailedException) e).exitCode()).isEqualTo(1));
    assertThat(functionLog()).contains("cruddur vehicle: release exit 1 (failed)");
  }

  @Test
  void aBadMigrationIsRolledBackThroughTheVehicleWithTheDatabasesNameAsConfirmation(
      @TempDir Path project) throws IOException {
    TestProjects.copy(project);
    Files.writeString(
        project.resolve("migrations/900_nickname.sql"),
        """
        --liquibase formatted sql
        --changeset cruddur:900-nickname
        ALTER TABLE public.users ADD COLUMN nickname text;
        --rollback ALTER TABLE public.users DROP COLUMN nickname;
        """);
    TestProjects.include(project, "900_nickname.sql");
    LocalStage stage = LocalStage.create("rollback");
    Map<String, String> env = new TreeMap<>(stage.vehicleEnvironment(PACKAGE));
    env.put("CRUDDUR_PROJECT_DIR", project.toString());
    ReleaseHandler handler = handler(env);
    assertThat(exitCode(invoke(handler, "{\"command\": \"release\"}"))).isZero();
    assertThat(
            stage.query(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
        .containsExactly("1");

    JsonNode unconfirmed = invoke(handler, "{\"command\": \"rollback\", \"count\": 1}");
    assertThat(exitCode(unconfirmed)).isEqualTo(2);
    assertThat(errorLine(unconfirmed))
        .contains("needs confirmation")
        .contains("--confirm " + stage.database());

    JsonNode rolledBack =
        invoke(
            handler,
            "{\"command\": \"rollback\", \"count\": 1, \"confirm\": \"" + stage.database() + "\"}");
    assertThat(exitCode(rolledBack)).as(rolledBack.toPrettyString()).isZero();
    assertThat(result(rolledBack, RollbackResult.class).summary())
        .isEqualTo("rolled back 1 changeset: 900-nickname");
    assertThat(
            stage.query(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
        .containsExactly("0");

    // while the changeset is still in the package, the next release (same warm function) applies it
    // again:
    // removing it from the code is what keeps it rolled back (README "Deploying", step 5)
    JsonNode again = invoke(handler, "{\"command\": \"release\"}");
    assertThat(exitCode(again)).as(again.toPrettyString()).isZero();
    assertThat(
            stage.query(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
        .containsExactly("1");
  }

  @Test
  void aDeploymentReleasesAndARollbackOrAStackDeletionChangesNothing() {
    LocalStage stage = LocalStage.create("deploy");
    ReleaseHandler handler = handler(stage.vehicleEnvironment(PACKAGE));

    JsonNode created = handler.handle(event("Create", PACKAGE, stage.outputs()));
    assertThat(created.path("PhysicalResourceId").asText()).isEqualTo(stage.name() + "-release");
    assertThat(created.path("Data").path("ExitCode").asText()).isEqualTo("0");
    assertThat(stage.ledger()).hasSize(4).allMatch(row -> !row.endsWith("FAILED"));

    // CloudFormation rolling back sends the previous package's properties to the current function
    ObjectNode rollback = event("Update", "c1:previous-package", stage.outputs());
    rollback.put("PhysicalResourceId", stage.name() + "-release");
    JsonNode skipped = handler.handle(rollback);
    assertThat(skipped.path("PhysicalResourceId").asText()).isEqualTo(stage.name() + "-release");
    assertThat(skipped.path("Data").path("ExitCode").asText()).isEqualTo("skipped");
    assertThat(functionLog()).contains("CloudFormation is rolling back. Skipped");

    ObjectNode delete = event("Delete", PACKAGE, stage.outputs());
    delete.put("PhysicalResourceId", stage.name() + "-release");
    assertThat(handler.handle(delete).path("PhysicalResourceId").asText())
        .isEqualTo(stage.name() + "-release");
    assertThat(stage.ledger()).as("neither ran a release").hasSize(4);

    // an update of this very package and target (a changed step, a replaced pool) releases again
    JsonNode updated = handler.handle(event("Update", PACKAGE, stage.outputs()));
    assertThat(updated.path("Data").path("ExitCode").asText()).isEqualTo("0");
    assertThat(stage.ledger()).as("the sync step runs on every release").hasSize(5);
  }

  @Test
  void anEventThatIsNotACommandIsAUsageErrorAndNothingRuns() throws IOException {
    LocalStage stage = LocalStage.create("usage");
    ReleaseHandler handler = handler(stage.vehicleEnvironment(PACKAGE));

    JsonNode unknown = invoke(handler, "{\"command\": \"ddb drop\"}");
    assertThat(exitCode(unknown)).isEqualTo(2);
    assertThat(exitName(unknown)).isEqualTo("usage");
    assertThat(errorLine(unknown))
        .isEqualTo(
            "error: unknown command 'ddb drop' in the event. Send {\"command\":"
                + " \"release|plan|status|validate|rollback|stop\"}");

    JsonNode extra =
        invoke(handler, "{\"command\": \"release\", \"args\": [\"--table\", \"prod\"]}");
    assertThat(exitCode(extra)).isEqualTo(2);
    assertThat(errorLine(extra))
        .isEqualTo(
            "error: unknown field 'args' in the event. Use only command, confirm, count, output,"
                + " slice, tag");

    JsonNode countWithoutRollback = invoke(handler, "{\"command\": \"status\", \"count\": 1}");
    assertThat(exitCode(countWithoutRollback)).isEqualTo(2);
    assertThat(errorLine(countWithoutRollback))
        .startsWith("error: count, tag and confirm belong to a rollback");

    JsonNode rollbackOfWhat = invoke(handler, "{\"command\": \"rollback\", \"confirm\": \"x\"}");
    assertThat(exitCode(rollbackOfWhat)).isEqualTo(2);
    assertThat(errorLine(rollbackOfWhat))
        .startsWith("error: a rollback needs either \"count\": N or \"tag\": \"T\"");

    JsonNode notJson = invoke(handler, "release");
    assertThat(exitCode(notJson)).isEqualTo(2);
    assertThat(
            stage.query(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'cruddur_release_ledger'"))
        .containsExactly("0");
  }

  @Test
  void aFunctionWithoutItsEnvironmentSaysWhatIsMissing() throws IOException {
    Map<String, String> env = new TreeMap<>(LocalStage.awsEnvironment(LocalEngines.endpoints()));
    env.put(ReleaseVehicle.STAGE_ENV, "dev");
    JsonNode result = invoke(handler(env), "{\"command\": \"status\"}");
    assertThat(exitCode(result)).isEqualTo(4);
    assertThat(exitName(result)).isEqualTo("config");
    assertThat(errorLine(result))
        .isEqualTo(
            "error: the release function is not set up: "
                + ReleaseVehicle.RELEASE_CONTEXT_ENV
                + " is not set. Deploy it with the CDK app (npx cdk deploy), which sets its"
                + " environment");

    env.put(ReleaseVehicle.RELEASE_CONTEXT_ENV, "test");
    env.put(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV, "{\"TableNmae\": \"x\"}");
    assertThat(errorLine(invoke(handler(env), "{\"command\": \"status\"}")))
        .contains(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV + " has an unknown key TableNmae");
  }

  @Test
  void aWorkflowsSlicesAnswerMoreUntilDoneAndTheLeaseKeepsAnotherExecutionOut() {
    LocalStage stage = LocalStage.create("slices");
    ReleaseHandler handler = handler(stage.vehicleEnvironment(PACKAGE));
    Map<String, String> noWait = new TreeMap<>(stage.vehicleEnvironment(PACKAGE));
    noWait.put(ReleaseVehicle.LOCK_WAIT_ENV, "0");
    ReleaseHandler another = handler(noWait);
    // a function with its margin's time left: each slice applies one changeset of the schema step
    // (five in the test context), then one step, stopping at the next boundary
    Duration remaining = ReleaseWorkflow.SLICE_MARGIN;
    JsonNode slice =
        JSON.createObjectNode()
            .put("command", "release")
            .set(
                "slice",
                JSON.createObjectNode().put("owner", "arn:execution:a").put("marginSeconds", 60));

    List<JsonNode> answers = new ArrayList<>();
    JsonNode answer;
    VehicleAnswer last;
    do {
      last = handler.invoke(slice, remaining);
      answer = last.toJson();
      answers.add(answer);
      assertThat(answers).as("slices so far").hasSizeLessThan(10);
      if (answers.size() == 1) {
        JsonNode other =
            another
                .invoke(
                    JSON.createObjectNode()
                        .put("command", "release")
                        .set(
                            "slice",
                            JSON.createObjectNode()
                                .put("owner", "arn:execution:b")
                                .put("marginSeconds", 60)),
                    remaining)
                .toJson();
        assertThat(other.path("outcome").asText()).isEqualTo("failed");
        assertThat(other.path("error").path("code").asText()).isEqualTo("LOCK_HELD");
        assertThat(errorLine(other)).contains("the release of arn:execution:a is in progress");
      }
    } while (answer.path("outcome").asText().equals("more"));

    assertThat(answer.path("outcome").asText()).as(answer.toPrettyString()).isEqualTo("done");
    assertThat(answer.path("estimateSeconds").asLong(-1)).isZero();
    assertFitsABudgetThatCutsItsEvents(last);
    assertThat(answers).hasSizeGreaterThan(2);
    for (JsonNode more : answers.subList(0, answers.size() - 1)) {
      assertThat(more.path("outcome").asText()).isEqualTo("more");
      assertThat(more.path("estimateSeconds").asLong()).isPositive();
      assertThat(more.path("error").path("code").asText()).isEqualTo("MORE_TO_DO");
      assertThat(more.has("runLong")).isFalse();
    }
    assertThat(answers).hasSize(8);
    // every slice recorded under the same release, and the ledger as a whole release leaves it
    // (the schema step PAUSED after each of its first four changesets)
    assertThat(stage.ledger())
        .containsExactly(
            "V001 PAUSED",
            "V001 PAUSED",
            "V001 PAUSED",
            "V001 PAUSED",
            "V001 SUCCEEDED",
            "V002 SUCCEEDED",
            "V010 SUCCEEDED",
            "R__cognito_sync SUCCEEDED");
    assertThat(stage.query("SELECT count(DISTINCT release_id) FROM cruddur_release_ledger"))
        .containsExactly("1");
    assertThat(stage.query("SELECT count(*) FROM cruddur_release_lease")).containsExactly("0");
    assertThat(functionLog()).contains("cruddur vehicle: release exit 6 (more)");
  }

  /**
   * A real slice's answer, as if the slice had applied its steps many times over (as a first
   * release to a stage with years of steps does): within the budget, its report, outcome and
   * estimate whole, the release's start, one notice counting what was left out, then the newest
   * events.
   */
  private static void assertFitsABudgetThatCutsItsEvents(VehicleAnswer answer) {
    List<ReleaseEvent> events = new ArrayList<>(answer.events());
    List<ReleaseEvent> steps = answer.events().subList(1, answer.events().size());
    assertThat(answer.events().get(0).type()).isEqualTo(ReleaseEvent.Type.RELEASE_STARTED);
    int stepsBytes =
        bytes(answer.toJson())
            - bytes(new VehicleAnswer(answer.envelope(), List.of(), answer.slice()).toJson());
    int times = 2 * (ReleaseWorkflow.MAX_ANSWER_BYTES / stepsBytes + 1);
    for (int i = 0; i < times; i++) {
      events.addAll(steps);
    }
    VehicleAnswer many = new VehicleAnswer(answer.envelope(), events, answer.slice());
    assertThat(bytes(many.toJson(Integer.MAX_VALUE)))
        .isGreaterThan(ReleaseWorkflow.MAX_ANSWER_BYTES);

    JsonNode fitted = many.toJson();

    assertThat(bytes(fitted)).isLessThanOrEqualTo(ReleaseWorkflow.ANSWER_BUDGET_BYTES);
    VehicleAnswer read = VehicleAnswer.fromJson(fitted);
    assertThat(read.slice()).isEqualTo(answer.slice());
    assertThat(read.envelope()).isEqualTo(answer.envelope());
    assertThat(read.events().get(0)).isEqualTo(answer.events().get(0));
    assertThat(read.events().get(1).message().orElseThrow())
        .startsWith("This slice's answer leaves out ")
        .contains(" earlier progress events (steps started, notices) to stay within 200 KiB");
    assertThat(read.events().get(read.events().size() - 1).type())
        .isEqualTo(steps.get(steps.size() - 1).type());
  }

  private static int bytes(JsonNode doc) {
    return doc.toString().getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void aStopBetweenSlicesEndsTheLeaseAndTheNextReleaseStartsAtOnce() {
    LocalStage stage = LocalStage.create("stop");
    ReleaseHandler handler = handler(stage.vehicleEnvironment(PACKAGE));
    JsonNode stop = JSON.createObjectNode().put("command", "stop").put("output", "json");
    // a slice with its margin's time left applies one step and keeps the lease for the next
    JsonNode first =
        handler.invoke(slice("arn:execution:a"), ReleaseWorkflow.SLICE_MARGIN).toJson();
    assertThat(first.path("outcome").asText()).isEqualTo("more");

    // no slice in flight (nobody holds the release lock): the stop ends the lease at once
    JsonNode stopped = handler.invoke(stop).toJson();
    assertThat(exitCode(stopped)).as(stopped.toPrettyString()).isZero();
    assertThat(stopped.path("result").path("outcome").asText()).isEqualTo("LEASE_ENDED");
    assertThat(stopped.path("result").path("owner").asText()).isEqualTo("arn:execution:a");
    assertThat(stage.query("SELECT count(*) FROM cruddur_release_lease")).containsExactly("0");
    assertThat(handler.invoke(stop).toJson().path("result").path("outcome").asText())
        .isEqualTo("NOTHING_TO_STOP");
    JsonNode next = handler.invoke(slice("arn:execution:b"), ReleaseWorkflow.SLICE_MARGIN).toJson();
    assertThat(next.path("outcome").asText()).as(next.toPrettyString()).isEqualTo("more");
  }

  private static JsonNode slice(String owner) {
    return JSON.createObjectNode()
        .put("command", "release")
        .set("slice", JSON.createObjectNode().put("owner", owner).put("marginSeconds", 60));
  }

  @Test
  void aSliceThatIsNotOneFailsWithItsUsageErrorNotForWantOfAnOutcome() throws IOException {
    ReleaseHandler handler = handler(Map.of());

    JsonNode answer = invoke(handler, "{\"command\": \"release\", \"slice\": {\"margin\": 1}}");

    assertThat(answer.path("outcome").asText()).isEqualTo("failed");
    assertThat(exitName(answer)).isEqualTo("usage");
    assertThat(errorLine(answer)).contains("unknown field 'margin' in the slice");
  }

  private JsonNode invoke(ReleaseHandler handler, String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return JSON.readTree(out.toByteArray());
  }

  /** A CloudFormation custom-resource event as the Provider framework passes it on. */
  private static ObjectNode event(
      String type, String packageFingerprint, Map<String, String> target) {
    ObjectNode event = JSON.createObjectNode();
    event.put("RequestType", type);
    event.put("LogicalResourceId", "Release");
    event.put(
        "StackId", "arn:aws:cloudformation:us-east-1:000000000000:stack/cruddur-test-release/1");
    event.put("RequestId", "request-" + type);
    ObjectNode properties = event.putObject("ResourceProperties");
    properties.put(
        "ServiceToken", "arn:aws:lambda:us-east-1:000000000000:function:framework-onEvent");
    properties.put(ReleaseVehicle.PACKAGE_PROPERTY, packageFingerprint);
    properties.set(ReleaseVehicle.TARGET_PROPERTY, JSON.valueToTree(target));
    return event;
  }
}
