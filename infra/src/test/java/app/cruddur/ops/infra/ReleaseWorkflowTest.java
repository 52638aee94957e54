package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.infra.testing.AslDefinitions;
import app.cruddur.ops.infra.testing.IntegrationProxy;
import app.cruddur.ops.infra.testing.IntegrationProxy.Fault;
import app.cruddur.ops.infra.testing.Tools;
import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.moto.MotoServer;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.Envelope;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ReleaseEvent;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.api.VehicleAnswer;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.api.WorkerAnswer;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Main;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The release workflow as synthesized, validated offline (asl-validator) and executed on moto's
 * Step Functions, the vehicle's answers canned (moto's Lambda runs no Java: it answers what is
 * queued) and Lambda's service errors injected on the way back into moto ({@link
 * IntegrationProxy}): the definition's control flow decides every outcome here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseWorkflowTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the workflow names the vehicle's alias in its Invoke call. */
  private static final String ALIAS =
      "arn:aws:lambda:us-east-1:123456789012:function:cruddur-dev-release:"
          + ReleaseWorkflow.VEHICLE_ALIAS;

  private static final String PROJECT = ReleaseWorkflow.longStepProjectName("dev");

  private final Synthesized dev = Synthesized.dev();
  private MotoServer moto;
  private IntegrationProxy integrations;
  private SfnClient sfn;

  @BeforeAll
  void startMoto(@TempDir Path dir) {
    int motoPort = MotoServer.freePort();
    int proxyPort = MotoServer.freePort();
    integrations = IntegrationProxy.start(proxyPort, URI.create("http://127.0.0.1:" + motoPort));
    // the integrations call back on MOTO_PORT: through the proxy
    moto = MotoServer.start(motoPort, dir.resolve("moto.log"), Map.of("MOTO_PORT", "" + proxyPort));
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    sfn =
        SfnClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .build();
  }

  @AfterAll
  void stopMoto() {
    for (AutoCloseable c : new AutoCloseable[] {sfn, moto, integrations}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing
      }
    }
  }

  @BeforeEach
  void clearCalls() {
    integrations.clear();
  }

  static Stream<Synthesized> stages() {
    return Stream.of(Synthesized.dev(), Synthesized.prod());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void theDefinitionIsValidAmazonStatesLanguage(Synthesized stage, @TempDir Path dir)
      throws Exception {
    Path definition = dir.resolve("release-workflow.asl.json");
    Files.writeString(definition, definition(stage.release(), stage.config().stage()));

    Tools.Result validation =
        Tools.run(
            List.of(Tools.npmBin("asl-validator").toString(), "--json-path", definition.toString()),
            dir,
            Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
            Duration.ofMinutes(2));

    assertThat(validation.output()).contains("is valid");
    assertThat(validation.code()).as(validation.output()).isZero();
  }

  @Test
  void slicesRunUntilOneAnswersDoneEachAsTheExecutionsOwnLeaseOwner() throws Exception {
    DescribeExecutionResponse execution =
        execute(
            definition(dev.release(), "dev"),
            "{\"outcome\": \"more\", \"estimateSeconds\": 1200}",
            "{\"outcome\": \"more\"}",
            "{\"operation\": \"release\", \"result\": {\"applied\": 2}, \"outcome\": \"done\"}");

    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(integrations.invocations()).hasSize(3);
    for (IntegrationProxy.Invocation slice : integrations.invocations()) {
      assertThat(slice.function()).isEqualTo(ALIAS);
      assertThat(JSON.readTree(slice.payload()))
          .isEqualTo(
              JSON.readTree(
                  """
                  {"command": "release",
                   "slice": {"owner": "%s", "marginSeconds": 60}}
                  """
                      .formatted(execution.executionArn())));
    }
    assertThat(JSON.readTree(execution.output()).at("/slice/answer/result/applied").asInt())
        .isEqualTo(2);
  }

  @Test
  void aFailedSliceEndsTheExecutionWithTheSlicesError() throws Exception {
    String error =
        """
        {"code": "CHANGED", "exitCode": 3,
         "message": "V003__seed_users.yaml changed since it was applied",
         "hint": "Restore it, or add a new step"}
        """;
    DescribeExecutionResponse execution =
        execute(
            definition(dev.release(), "dev"),
            "{\"outcome\": \"more\"}",
            "{\"outcome\": \"failed\", \"error\": " + error + "}");

    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo("CHANGED");
    assertThat(JSON.readTree(execution.cause())).isEqualTo(JSON.readTree(error));
    assertThat(integrations.invocations()).hasSize(2);
  }

  @Test
  void lambdasServiceErrorsAreRetriedAndTheReleaseGoesOn() throws Exception {
    integrations.failNext(2, Fault.SERVICE_EXCEPTION);

    DescribeExecutionResponse execution =
        execute(definition(dev.release(), "dev"), "{\"outcome\": \"done\"}");

    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(integrations.invocations())
        .extracting(IntegrationProxy.Invocation::failed)
        .containsExactly(true, true, false);
    assertThat(historyErrors(execution.executionArn()))
        .containsExactly("Lambda.ServiceException", "Lambda.ServiceException");
  }

  @Test
  void throttlingIsRetriedToo() throws Exception {
    integrations.failNext(1, Fault.TOO_MANY_REQUESTS);

    DescribeExecutionResponse execution =
        execute(definition(dev.release(), "dev"), "{\"outcome\": \"done\"}");

    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(historyErrors(execution.executionArn()))
        .containsExactly("Lambda.TooManyRequestsException");
  }

  @Test
  void anAnswerWithoutAnOutcomeFailsTheExecutionSayingSo() throws Exception {
    // what a vehicle that predates slices answers: the direct invocation's result
    DescribeExecutionResponse execution =
        execute(definition(dev.release(), "dev"), "{\"exitCode\": 0, \"output\": \"…\"}");

    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo(ReleaseWorkflow.NO_OUTCOME);
    assertThat(JSON.readTree(execution.cause()).path("exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void aLongStepIsHandedToTheProjectWithItsEventAndItsFailureEndsTheRelease() throws Exception {
    String runLong =
        """
        {"outcome": "more", "runLong": {"step": "V012__index_concurrently.yaml",
         "event": {"command": "release", "slice": {"owner": "x", "longStep": "V012"}}}}
        """;
    // moto 5.2.1 cannot run CodeBuild's integration (no .sync, and its StartBuild call fails on
    // the parameters' casing): with the plain StartBuild it schedules the task with the
    // parameters the definition computed, then fails it, which the long step's catch turns into
    // the release's failure. Same definition, same control flow.
    String synthesized = definition(dev.release(), "dev");
    String startOnly =
        synthesized.replace(
            "arn:aws:states:::codebuild:startBuild.sync", "arn:aws:states:::codebuild:startBuild");
    assertThat(startOnly).isNotEqualTo(synthesized);

    DescribeExecutionResponse execution = execute(startOnly, runLong);

    JsonNode scheduled =
        scheduledParameters(execution.executionArn(), ReleaseWorkflow.LONG_STEP_STATE);
    assertThat(scheduled.path("ProjectName").asText()).isEqualTo(PROJECT);
    Map<String, String> overrides = new java.util.TreeMap<>();
    scheduled
        .path("EnvironmentVariablesOverride")
        .forEach(v -> overrides.put(v.path("Name").asText(), v.path("Value").asText()));
    assertThat(overrides)
        .containsEntry(ReleaseWorkflow.LONG_STEP_ENV, "V012__index_concurrently.yaml");
    assertThat(JSON.readTree(overrides.get(ReleaseWorkflow.LONG_STEP_EVENT_ENV)))
        .isEqualTo(JSON.readTree(runLong).at("/runLong/event"));

    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.error()).isEqualTo(ReleaseWorkflow.LONG_STEP_FAILED);
    assertThat(JSON.readTree(execution.cause()).path("message").asText())
        .startsWith("the long step V012__index_concurrently.yaml failed in CodeBuild");
    assertThat(integrations.invocations()).hasSize(1);
  }

  @Test
  void afterALongStepsBuildTheNextSliceRuns() throws Exception {
    JsonNode states = JSON.readTree(definition(dev.release(), "dev")).path("States");
    JsonNode longStep = states.path(ReleaseWorkflow.LONG_STEP_STATE);
    assertThat(longStep.path("Resource").asText())
        .isEqualTo("arn:aws:states:::codebuild:startBuild.sync");
    assertThat(longStep.path("Next").asText()).isEqualTo(ReleaseWorkflow.SLICE_STATE);
    assertThat(longStep.path("ResultPath").isNull()).isTrue();
  }

  @Test
  void asSynthesizedALongStepWaitsForItsBuildWhichMotoCannotDo() throws Exception {
    DescribeExecutionResponse execution =
        execute(
            definition(dev.release(), "dev"),
            "{\"outcome\": \"more\", \"runLong\": {\"step\": \"V012\", \"event\": {}}}");

    // moto 5.2.1 has no .sync for CodeBuild: the run stops in the long step, nowhere else
    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.FAILED);
    assertThat(execution.cause()).contains("codebuild:startBuild.sync");
    assertThat(integrations.invocations()).hasSize(1);
  }

  // --- cruddur release --via: the CLI starts the synthesized workflow and follows it ---

  private static final String VEHICLE = ReleaseVehicle.functionName("dev");

  @Test
  void releaseViaFollowsTheSlicesToTheReportAndJsonOfOneWholeRelease(@TempDir Path dir)
      throws Exception {
    UUID id = UUID.randomUUID();
    StepResult v1 = step("V001", 1200, false);
    StepResult v2paused = step("V002", 900, true);
    StepResult v2 = step("V002", 700, false);
    StepResult v3 = step("V003", 40, false);
    ReleaseResult.Unfinished left =
        new ReleaseResult.Unfinished(
            "the slice's time ran out",
            "V002 paused after 12,000 of ~20,000 items",
            List.of("V002", "V003"),
            600,
            Optional.empty());
    List<String> slices =
        List.of(
            answer(result(id, List.of(v1, v2paused), Optional.of(left)), List.of(v1, v2paused)),
            answer(result(id, List.of(v2paused), Optional.of(left)), List.of(v2paused)),
            answer(result(id, List.of(v2, v3), Optional.empty()), List.of(v2, v3)));
    // what one invocation answering for the whole release would say (as a local release does:
    // ViaLikeHereTest): every step once, as it ended, in the order first met; every event
    String whole =
        answer(
            result(id, List.of(v1, step("V002", 900 + 900 + 700, false), v3), Optional.empty()),
            List.of(v1, v2paused, v2paused, v2, v3));

    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, credentialsFile("AKIDBEFORE"));
    integrations.onCall(
        call -> {
          if (call.action().endsWith(".StartExecution")) {
            // the session the follower started with has ended: the file now holds a new one
            rewrite(credentials, credentialsFile("AKIDAFTER"));
          }
        });
    Cli.Result text = releaseVia(dir, slices);
    List<IntegrationProxy.Call> calls = integrations.calls();
    Cli.Result json = releaseVia(dir, slices, "--output", "json");
    Cli.Result direct = invokeOnce(dir, whole);
    Cli.Result directJson = invokeOnce(dir, whole, "--output", "json");

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(masked(text.out())).isEqualTo(masked(direct.out()));
    assertThat(text.err())
        .contains("Slice 1 answered more: V002 paused after 12,000 of ~20,000 items")
        .contains("Slice 3 answered done");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(maskedJson(json.out())).isEqualTo(maskedJson(directJson.out()));

    // each round of calls resolved its credentials anew
    assertThat(calls)
        .extracting(IntegrationProxy.Call::action)
        .startsWith("AWSStepFunctions.ListExecutions", "AWSStepFunctions.StartExecution")
        .contains("AWSStepFunctions.DescribeExecution", "AWSStepFunctions.GetExecutionHistory");
    int start =
        calls.indexOf(new IntegrationProxy.Call("AWSStepFunctions.StartExecution", "AKIDBEFORE"));
    assertThat(start).isEqualTo(1);
    assertThat(calls.subList(start + 1, calls.size()))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.accessKeyId()).isEqualTo("AKIDAFTER"));
  }

  @Test
  void aSliceOfManyStepsFitsTheStateAndIsFollowedToTheSameReport(@TempDir Path dir)
      throws Exception {
    UUID id = UUID.randomUUID();
    // a first release to a stage with years of steps: one slice applies 700 of them
    List<StepResult> many =
        IntStream.rangeClosed(1, 700)
            .mapToObj(i -> step(String.format("V%04d", i), 5, false))
            .toList();
    StepResult last = step("V0701", 5, false);
    String first =
        answer(
            result(
                id,
                many,
                Optional.of(
                    new ReleaseResult.Unfinished(
                        "the slice's time ran out",
                        "before V0701",
                        List.of("V0701"),
                        5,
                        Optional.empty()))),
            many,
            true);
    List<StepResult> all = new java.util.ArrayList<>(many);
    all.add(last);
    String whole = answer(result(id, all, Optional.empty()), all, true);
    // the answer as heard is over Step Functions' limit; as answered, within the budget
    assertThat(
            VehicleAnswer.fromJson(JSON.readTree(first))
                .toJson(Integer.MAX_VALUE)
                .toString()
                .getBytes(StandardCharsets.UTF_8)
                .length)
        .isGreaterThan(ReleaseWorkflow.MAX_ANSWER_BYTES);
    assertThat(first.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(ReleaseWorkflow.ANSWER_BUDGET_BYTES);

    Cli.Result via =
        releaseVia(
            dir,
            List.of(first, answer(result(id, List.of(last), Optional.empty()), List.of(last))));
    Cli.Result direct = invokeOnce(dir, whole);

    assertThat(via.exitCode()).as(via.toString()).isZero();
    assertThat(masked(via.out())).isEqualTo(masked(direct.out())).contains("V0001", "V0701");
    assertThat(via.err().lines().filter(l -> l.contains("This slice's answer leaves out ")))
        .singleElement()
        .asString()
        .containsPattern("leaves out \\d+ earlier progress events \\(steps started, notices\\)");
    assertThat(via.err()).contains("Slice 1 answered more: before V0701", "Slice 2 answered done");
  }

  @Test
  void aFailedSliceEndsReleaseViaWithItsErrorLineAndExitCode(@TempDir Path dir) throws Exception {
    CruddurException changed =
        CruddurException.of(
            ErrorCode.CHANGED,
            "V003__seed_users.yaml changed since it was applied",
            "Restore it, or add a new step");
    UUID id = UUID.randomUUID();
    StepResult v1 = step("V001", 10, false);
    String failed = failedAnswer(changed);

    Cli.Result via =
        releaseVia(
            dir,
            List.of(
                answer(
                    result(
                        id,
                        List.of(v1),
                        Optional.of(
                            new ReleaseResult.Unfinished(
                                "the slice's time ran out",
                                "before V003",
                                List.of("V003"),
                                5,
                                Optional.empty()))),
                    List.of(v1)),
                failed));
    Cli.Result direct = invokeOnce(dir, failed);

    assertThat(via.exitCode()).as(via.toString()).isEqualTo(3).isEqualTo(direct.exitCode());
    assertThat(via.errorLine()).isEqualTo(direct.errorLine());
  }

  @Test
  void anAnswerWithoutAnOutcomeIsANamedErrorOfReleaseVia(@TempDir Path dir) throws Exception {
    Cli.Result via = releaseVia(dir, List.of("{\"exitCode\": 0}"), "--output", "json");

    assertThat(via.exitCode()).as(via.toString()).isEqualTo(1);
    JsonNode error = JSON.readTree(via.out()).path("error");
    assertThat(error.path("code").asText()).isEqualTo(ReleaseWorkflow.NO_OUTCOME);
    assertThat(error.path("message").asText())
        .isEqualTo("the release vehicle answered no outcome (or failed without an error)");
  }

  @Test
  void detachLeavesTheReleaseRunningAndStopEndsIt(@TempDir Path dir) throws Exception {
    List<String> more =
        java.util.Collections.nCopies(3, "{\"operation\": \"release\", \"outcome\": \"more\"}");
    // the first slice stays in flight until the release is stopped, however slow the machine
    integrations.holdInvocations();
    Cli.Result detached = releaseVia(dir, more, "--detach");
    String execution =
        detached
            .out()
            .lines()
            .findFirst()
            .orElseThrow()
            .replaceAll("^Started the release workflow: (\\S+) .*$", "$1");
    // the stop then asks the vehicle to tell the slice in flight (its stop verb; the runner's and
    // the vehicle's tests run it): moto cannot run the Java function, so here it fails, and the
    // line says what that leaves
    integrations.failNext(1, IntegrationProxy.Fault.SERVICE_EXCEPTION);
    Cli.Result stopped = cruddur(dir, "release", "--via", "--stop");

    assertThat(detached.exitCode()).as(detached.toString()).isZero();
    assertThat(detached.out())
        .containsPattern("(?m)^Follow it: cruddur status( --\\S+( /?[\\w./:-]+)?)* --via")
        .containsPattern("(?m)^Stop it: +cruddur release .*--via.* --stop$");
    assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
    assertThat(stopped.out())
        .startsWith("Stopped the release workflow: " + execution)
        .contains("one in flight ends at its own deadline");
    assertThat(stopped.out() + stopped.err())
        .contains("the vehicle could not be asked to stop the slice in flight");
    assertThat(integrations.invocations())
        .anySatisfy(i -> assertThat(i.payload()).contains("\"command\":\"stop\""));
    // (AWS shows ABORTED at once; moto once the slice in flight has returned)
    integrations.letInvocationsGo();
    DescribeExecutionResponse ended = awaitEnd(execution);
    assertThat(ended.status()).as(ended(ended)).isEqualTo(ExecutionStatus.ABORTED);
    Cli.Result again = cruddur(dir, "release", "--via", "--stop");
    // (moto 5.2.1 keeps no error or cause of a stopped execution: AWS keeps what StopExecution
    // gave, RELEASE_STOPPED, which a follower reads)
    assertThat(again.out()).startsWith("Nothing to stop");
    // they start or stop a workflow: without --via they mean nothing, and say so
    Cli.Result alone = cruddur(dir, "release", "--detach");
    assertThat(alone.exitCode()).isEqualTo(2);
    assertThat(alone.errorLine())
        .isEqualTo(
            "error: --detach goes with --via alone (not --plan): it starts the stage's release"
                + " workflow and leaves it running. cruddur release --aws --stack cruddur-<stage>"
                + " --via --detach");
  }

  @Test
  void ctrlCWhileFollowingDetachesSayingHowToFollowOrStopAndTheExecutionGoesOn(@TempDir Path dir)
      throws Exception {
    // the first slice stays in flight until the test lets it go, however slow the machine
    integrations.holdInvocations();
    writeOutputs(
        dir,
        workflowOnMoto(
            definition(dev.release(), "dev"),
            List.of("{\"operation\": \"release\", \"outcome\": \"done\"}")));
    // the real CLI, whose Main installs the handler of SIGINT
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(
        List.of(
            onMoto("release", "--via", "--outputs", dir.resolve("cdk-outputs.json").toString())));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(environment(dir));
    Process follower = builder.start();
    String following = "Releasing in slices through the release workflow";
    String execution;
    try {
      execution = awaitLine(follower, err, following).replaceAll("^.*: (\\S+)$", "$1");
      Process interrupt =
          new ProcessBuilder("/bin/sh", "-c", "kill -INT " + follower.pid()).inheritIO().start();
      assertThat(interrupt.waitFor()).isZero();
      assertThat(follower.waitFor(2, java.util.concurrent.TimeUnit.MINUTES))
          .as("cruddur ended after SIGINT")
          .isTrue();
    } finally {
      follower.destroyForcibly();
    }
    String said = Files.readString(err);
    DescribeExecutionResponse after = sfn.describeExecution(b -> b.executionArn(execution));

    assertThat(follower.exitValue()).as(said).isEqualTo(130);
    assertThat(said.lines().filter(l -> l.startsWith("interrupted: ")))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("interrupted: cruddur release stopped")
                    .contains(". The release goes on in its workflow: " + execution + ". ")
                    .containsPattern(
                        "Follow it: cruddur status( --\\S+( /?[\\w./:-]+)?)* --via; Stop it:"
                            + " cruddur release .*--via.* --stop$"));
    assertThat(after.status()).as(ended(after)).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(integrations.calls())
        .extracting(IntegrationProxy.Call::action)
        .doesNotContain("AWSStepFunctions.StopExecution");
    // the slice in flight answers: the execution ends as it would have, followed or not
    integrations.letInvocationsGo();
    DescribeExecutionResponse ended = awaitEnd(execution);
    assertThat(ended.status()).as(ended(ended)).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  /**
   * The first line of {@code file} that starts with {@code start}, once {@code process} wrote it.
   */
  private static String awaitLine(Process process, Path file, String start) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> line =
          Files.readString(file).lines().filter(l -> l.startsWith(start)).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(25);
    }
    throw new AssertionError(
        "no line starting "
            + start
            + " (exit "
            + (process.isAlive() ? "-" : process.exitValue())
            + "):\n"
            + Files.readString(file));
  }

  /** {@code cruddur release --via} on the dev workflow, the slices answering {@code answers}. */
  private Cli.Result releaseVia(Path dir, List<String> answers, String... more) {
    String workflow = workflowOnMoto(definition(dev.release(), "dev"), answers);
    writeOutputs(dir, workflow);
    List<String> args = new java.util.ArrayList<>(List.of("release", "--via"));
    args.addAll(List.of(more));
    return cruddur(dir, args.toArray(String[]::new));
  }

  /** {@code cruddur release --via FUNCTION}: one invocation, answering {@code answer}. */
  private Cli.Result invokeOnce(Path dir, String answer, String... more) {
    moto.api().reset();
    moto.api().queueLambdaAnswers(AslDefinitions.REGION, List.of(answer));
    List<String> args = new java.util.ArrayList<>(List.of("release", "--via", VEHICLE));
    args.addAll(List.of(more));
    return cruddurWithout(dir, args.toArray(String[]::new));
  }

  private String workflowOnMoto(String definition, List<String> answers) {
    moto.api().reset();
    moto.api().executeStateMachines();
    moto.api().queueLambdaAnswers(AslDefinitions.REGION, answers);
    return sfn.createStateMachine(
            b ->
                b.name(ReleaseWorkflow.stateMachineName("dev"))
                    .definition(definition)
                    .roleArn("arn:aws:iam::123456789012:role/release-workflow"))
        .stateMachineArn();
  }

  private static void writeOutputs(Path dir, String workflow) {
    rewrite(
        dir.resolve("cdk-outputs.json"),
        """
        {"%s": {"%s": "%s", "%s": "%s"}}
        """
            .formatted(
                ReleaseWorkflow.stateMachineName("dev"),
                DeploymentOutputs.RELEASE_FUNCTION_NAME,
                VEHICLE,
                DeploymentOutputs.RELEASE_WORKFLOW_ARN,
                workflow));
  }

  /** The CLI in-process, on moto through the proxy, with the deployment's outputs. */
  private Cli.Result cruddur(Path dir, String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--outputs", dir.resolve("cdk-outputs.json").toString()));
    return cruddurWithout(dir, all.toArray(String[]::new));
  }

  private Cli.Result cruddurWithout(Path dir, String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        Main.run(
            new Invocation(
                environment(dir),
                dir,
                new java.io.BufferedReader(new java.io.StringReader("")),
                false),
            onMoto(args),
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));
    return new Cli.Result(code, out.toString(), err.toString());
  }

  /** {@code args} on moto's region. */
  private static String[] onMoto(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--aws", "--region", AslDefinitions.REGION));
    return all.toArray(String[]::new);
  }

  /** The CLI's whole environment: the files in {@code dir}, every service at the proxy. */
  private Map<String, String> environment(Path dir) {
    Path credentials = dir.resolve("credentials");
    if (!Files.exists(credentials)) {
      rewrite(credentials, credentialsFile("AKIDTESTING"));
    }
    return Map.of(
        "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
        "HOME", dir.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
        "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
        "CRUDDUR_LOCAL_DIR", dir.resolve("local").toString(),
        // every service at moto, through the proxy that sees each call's signing key
        "AWS_ENDPOINT_URL", "http://127.0.0.1:" + integrations.port());
  }

  /** What the CLI did. */
  private record Cli() {
    record Result(int exitCode, String out, String err) {
      String errorLine() {
        return err.lines()
            .filter(l -> l.startsWith("error: "))
            .reduce((a, b) -> a + "\n" + b)
            .orElse("");
      }

      @Override
      public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
      }
    }
  }

  private static String credentialsFile(String key) {
    return "[default]\naws_access_key_id = " + key + "\naws_secret_access_key = testing\n";
  }

  private static void rewrite(Path file, String text) {
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, text);
      Files.move(
          next,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static StepResult step(String version, long ms, boolean paused) {
    return new StepResult(
        version,
        "dynamodb-migration",
        Store.DYNAMODB,
        version + " backfill",
        true,
        ms,
        paused ? "paused after 12,000 items" : "12,000 items changed",
        JSON.createObjectNode(),
        true,
        paused);
  }

  private static ReleaseResult result(
      UUID id, List<StepResult> applied, Optional<ReleaseResult.Unfinished> unfinished) {
    return new ReleaseResult(
        id,
        "aws region us-east-1",
        "dev",
        applied,
        2,
        List.of(),
        List.of(Store.POSTGRES, Store.DYNAMODB),
        1000,
        List.of(),
        unfinished,
        List.of());
  }

  /**
   * A slice's answer (a sliced request's), its events those of a release applying {@code steps}.
   */
  private static String answer(ReleaseResult result, List<StepResult> steps) {
    return answer(result, steps, false);
  }

  /** A slice's answer, with a notice before each step's end if {@code noticed}. */
  private static String answer(ReleaseResult result, List<StepResult> steps, boolean noticed) {
    ReleaseEvent.Recorder events = new ReleaseEvent.Recorder(ReleaseListener.NONE);
    events.releaseStarted(result.target(), result.context());
    for (StepResult step : steps) {
      if (noticed) {
        events.notice(
            step.version() + ": 12,000 of 12,000 items, none re-sent, no time backing off");
      }
      events.stepFinished(step);
    }
    Envelope envelope =
        Envelope.of(
            "release",
            Optional.of(result.target()),
            Optional.of(result),
            result.warnings(),
            result.failure());
    return VehicleAnswer.of(SLICE, envelope, events.events(), Optional.of(result))
        .toJson()
        .toString();
  }

  private static String failedAnswer(CruddurException failure) {
    Envelope envelope =
        Envelope.of(
            "release",
            Optional.of("aws region us-east-1"),
            Optional.empty(),
            List.of(),
            Optional.of(failure));
    return VehicleAnswer.of(SLICE, envelope, List.of(), Optional.empty()).toJson().toString();
  }

  private static final VerbRequest SLICE =
      VerbRequest.slice(
          new VerbRequest.Slice("execution", ReleaseWorkflow.SLICE_MARGIN, Optional.empty()),
          false);

  /** The report with what differs by nature (how long it took) masked. */
  private static String masked(String text) {
    return text.replaceAll("\\d+(\\.\\d+)? ?(s|ms)\\b", "<time>");
  }

  private static JsonNode maskedJson(String json) throws Exception {
    JsonNode doc = JSON.readTree(json);
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("result")).remove("durationMs");
    return doc;
  }

  /** A slice's answer: run these segments distributed, two children. */
  private static String distribute(String items) {
    return """
    {"outcome": "more", "distribute": {"step": "V012", "run": "%s",
     "controlTable": "cruddur-messages-control", "workers": 2, "concurrency": 2,
     "toleratedFailurePercentage": 100, "items": %s}}
    """
        .formatted(RUN, items);
  }

  private static final String RUN = "8f2c1a4e-1b7d-4c55-9e0a-3d1f6b2a7c90";

  private static final String WORKER =
      "arn:aws:lambda:us-east-1:123456789012:function:"
          + MigrationWorkers.workerFunctionName("dev");

  @Test
  void aDistributedStepsChildrenLoopTheWorkerAndAFailedChildsSegmentsAreRedrivenByTheNextSlice()
      throws Exception {
    integrations.failNextOf(MigrationWorkers.workerFunctionName("dev"), 1, Fault.SERVICE_EXCEPTION);
    String failed =
        """
        {"outcome": "failed", "error": {"code": "MIGRATION_THROTTLED", "exitCode": 1,
         "message": "throttled for 5 minutes", "hint": "Lower the budget"}}
        """;

    DescribeExecutionResponse execution =
        execute(
            definition(dev.release(), "dev"),
            distribute("[{\"segments\": [2, 0]}, {\"segments\": [3, 1]}]"),
            // two children: one loops (more) and ends done, the other's worker fails
            "{\"outcome\": \"more\", \"segmentsLeft\": [2]}",
            failed,
            "{\"outcome\": \"done\"}",
            // the next slice finds the failed child's segments unfinished: it fans them out again
            distribute("[{\"segments\": [3, 1]}]"),
            "{\"outcome\": \"done\"}",
            "{\"outcome\": \"done\", \"result\": {\"applied\": 1}}");

    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<IntegrationProxy.Invocation> calls = integrations.invocations();
    assertThat(calls)
        .extracting(
            i -> (i.function().equals(ALIAS) ? "slice" : "worker") + (i.failed() ? "!" : ""))
        .as("the worker's injected ServiceException retried; after each map, the next slice")
        .containsExactly(
            "slice", "worker!", "worker", "worker", "worker", "slice", "worker", "slice");
    List<JsonNode> work = new java.util.ArrayList<>();
    for (IntegrationProxy.Invocation call : calls) {
      if (!call.function().equals(ALIAS)) {
        assertThat(call.function()).isEqualTo(WORKER);
        work.add(JSON.readTree(call.payload()));
      }
    }
    assertThat(work)
        .allSatisfy(
            w -> {
              assertThat(w.path("run").asText()).isEqualTo(RUN);
              assertThat(w.path("step").asText()).isEqualTo("V012");
              assertThat(w.path("controlTable").asText()).isEqualTo("cruddur-messages-control");
              assertThat(w.path("workers").asInt()).isEqualTo(2);
              assertThat(w.path("marginSeconds").asInt()).isEqualTo(60);
              assertThat(w.path("owner").asText()).isNotEmpty();
            });
    assertThat(work.subList(0, 4).stream().map(w -> w.path("segments").toString()).distinct())
        .containsExactlyInAnyOrder("[2,0]", "[3,1]");
    assertThat(work.get(4).path("segments").toString()).isEqualTo("[3,1]");
    assertThat(JSON.readTree(execution.output()).at("/slice/answer/result/applied").asInt())
        .as("the map's results are discarded: the state is the last slice's")
        .isEqualTo(1);
  }

  @Test
  void workersToldToStopEndTheirChildrenSucceededUninvokedAgainAndTheNextSliceFollows()
      throws Exception {
    DescribeExecutionResponse execution =
        execute(
            definition(dev.release(), "dev"),
            distribute("[{\"segments\": [2, 0]}, {\"segments\": [3, 1]}]"),
            // each child's worker met the run's stop mark (release --via --stop) after a page
            stoppedWorker(List.of(2, 0)),
            stoppedWorker(List.of(3, 1)),
            "{\"outcome\": \"done\", \"result\": {\"applied\": 1}}");

    assertThat(execution.status()).as(ended(execution)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(integrations.invocations())
        .extracting(i -> i.function().equals(ALIAS) ? "slice" : "worker")
        .as("each child invokes its worker once; then the next slice, as after any map")
        .containsExactly("slice", "worker", "worker", "slice");
    var mapRun =
        sfn.describeMapRun(
            b ->
                b.mapRunArn(
                    sfn.listMapRuns(r -> r.executionArn(execution.executionArn()))
                        .mapRuns()
                        .get(0)
                        .mapRunArn()));
    assertThat(mapRun.executionCounts())
        .as("the children ended in SegmentsStopped, a Succeed: none failed")
        .satisfies(
            c -> {
              assertThat(c.total()).isEqualTo(2);
              assertThat(c.succeeded()).isEqualTo(2);
              assertThat(c.failed()).isZero();
              assertThat(c.aborted()).isZero();
            });
    assertThat(JSON.readTree(execution.output()).at("/slice/answer/result/applied").asInt())
        .as("the next slice's answer decides the release")
        .isEqualTo(1);
  }

  /**
   * What {@code MigrationWorkerHandler} answers when the run's stop mark ended it after a page: its
   * segments left, the page recorded.
   */
  private static String stoppedWorker(List<Integer> segments) {
    return new WorkerAnswer(
            MigrationWorkers.Outcome.STOPPED,
            List.of(),
            segments,
            100,
            100,
            0,
            0,
            0,
            0,
            1,
            Optional.empty())
        .toJson()
        .toString();
  }

  @Test
  void theDistributedMapRunsStandardChildrenFromTheAnswerWithTheWorkersRetries() throws Exception {
    JsonNode states = JSON.readTree(definition(dev.release(), "dev")).path("States");
    JsonNode map = states.path(ReleaseWorkflow.DISTRIBUTE_STATE);
    assertThat(map.path("Type").asText()).isEqualTo("Map");
    assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
    assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText())
        .isEqualTo("STANDARD");
    assertThat(map.path("ItemsPath").asText()).isEqualTo("$.slice.answer.distribute.items");
    assertThat(map.has("ItemReader")).as("items from the answer, not S3").isFalse();
    assertThat(map.path("MaxConcurrencyPath").asText())
        .isEqualTo("$.slice.answer.distribute.concurrency");
    assertThat(map.path("ToleratedFailurePercentagePath").asText())
        .isEqualTo("$.slice.answer.distribute.toleratedFailurePercentage");
    assertThat(map.path("ResultPath").isNull()).as("results discarded").isTrue();
    assertThat(map.path("Next").asText()).isEqualTo(ReleaseWorkflow.SLICE_STATE);
    assertThat(map.at("/Catch/0/Next").asText()).isEqualTo(ReleaseWorkflow.SLICE_STATE);
    JsonNode work = map.at("/ItemProcessor/States/" + ReleaseWorkflow.WORK_STATE);
    assertThat(work.at("/Parameters/Payload/owner.$").asText()).isEqualTo("$$.Execution.Id");
    List<String> retried = new java.util.ArrayList<>();
    work.path("Retry").forEach(r -> r.path("ErrorEquals").forEach(e -> retried.add(e.asText())));
    assertThat(retried)
        .contains("Lambda.ServiceException", "Lambda.TooManyRequestsException", "Sandbox.Timedout");
    // a worker told to stop (release --via --stop) ends its child, neither invoked again nor failed
    JsonNode children = map.at("/ItemProcessor/States");
    List<String> afterStopped = new java.util.ArrayList<>();
    children
        .at("/Worked/Choices")
        .forEach(
            choice -> {
              if (choice.path("StringEquals").asText().equals("stopped")) {
                afterStopped.add(children.path(choice.path("Next").asText()).path("Type").asText());
              }
            });
    assertThat(afterStopped).containsExactly("Succeed");
  }

  /** The parameters the task {@code state} was scheduled with (computed by the definition). */
  private JsonNode scheduledParameters(String arn, String state) throws Exception {
    List<software.amazon.awssdk.services.sfn.model.HistoryEvent> events =
        sfn.getExecutionHistory(b -> b.executionArn(arn)).events();
    String entered = null;
    for (var event : events) {
      if (event.stateEnteredEventDetails() != null) {
        entered = event.stateEnteredEventDetails().name();
      }
      if (event.taskScheduledEventDetails() != null && state.equals(entered)) {
        return JSON.readTree(event.taskScheduledEventDetails().parameters());
      }
    }
    throw new AssertionError("no task of " + state + " was scheduled: " + events);
  }

  /** The stage's workflow definition, its references resolved as the stage's account has them. */
  private static String definition(Template release, String stage) {
    return AslDefinitions.render(
        release,
        Templates.only(release, "AWS::StepFunctions::StateMachine", "Workflow").getKey(),
        Map.of(
            Templates.logicalId(release, "AWS::Lambda::Function", "release vehicle") + ".Arn",
            "arn:aws:lambda:us-east-1:123456789012:function:" + ReleaseVehicle.functionName(stage),
            Templates.logicalId(release, "AWS::Lambda::Function", "migration worker") + ".Arn",
            "arn:aws:lambda:us-east-1:123456789012:function:"
                + MigrationWorkers.workerFunctionName(stage)));
  }

  /**
   * Runs {@code definition} once in a fresh backend (moto runs one execution per backend), the
   * vehicle answering {@code answers} in turn; the execution once it ended.
   */
  private DescribeExecutionResponse execute(String definition, String... answers)
      throws InterruptedException {
    moto.api().reset();
    moto.api().executeStateMachines();
    moto.api().queueLambdaAnswers(AslDefinitions.REGION, List.of(answers));
    String stateMachine =
        sfn.createStateMachine(
                b ->
                    b.name(ReleaseWorkflow.stateMachineName("dev"))
                        .definition(definition)
                        .roleArn("arn:aws:iam::123456789012:role/release-workflow"))
            .stateMachineArn();
    String arn =
        sfn.startExecution(b -> b.stateMachineArn(stateMachine).input("{}")).executionArn();
    // retries wait as written (2 s, then 4 s; throttling 5 s): a minute is far more than enough
    return awaitEnd(arn);
  }

  /** The execution {@code arn} once it is no longer running (a minute at most). */
  private DescribeExecutionResponse awaitEnd(String arn) throws InterruptedException {
    DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(arn));
    for (int attempt = 0;
        attempt < 600 && execution.status() == ExecutionStatus.RUNNING;
        attempt++) {
      Thread.sleep(100);
      execution = sfn.describeExecution(b -> b.executionArn(arn));
    }
    return execution;
  }

  private static String ended(DescribeExecutionResponse execution) {
    return "execution " + execution.status() + ": " + execution.error() + ": " + execution.cause();
  }

  /** The errors the execution's tasks failed with, in order. */
  private List<String> historyErrors(String arn) {
    return sfn.getExecutionHistory(b -> b.executionArn(arn)).events().stream()
        .filter(e -> e.taskFailedEventDetails() != null)
        .map(e -> e.taskFailedEventDetails().error())
        .toList();
  }
}
