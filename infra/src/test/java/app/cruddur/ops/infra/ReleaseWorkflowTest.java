package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.infra.testing.AslDefinitions;
import app.cruddur.ops.infra.testing.IntegrationProxy;
import app.cruddur.ops.infra.testing.IntegrationProxy.Fault;
import app.cruddur.ops.infra.testing.Tools;
import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.moto.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
    DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(arn));
    // retries wait as written (2 s, then 4 s; throttling 5 s): a minute is far more than enough
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
