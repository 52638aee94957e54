package app.cruddur.ops.vehicle.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.moto.MotoServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The deploy-time custom resource's handlers, in-process, against moto's Step Functions executing
 * state machines whose slices answer what the vehicle would (moto's Lambda, answers queued): start
 * once per request, wait while running, complete on success, fail with the slice's error line, fail
 * early with the pipeline line when the release cannot finish while the deployment waits, and stop
 * the deployment's execution on Delete and on a rollback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployTimeReleaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PACKAGE = "sha256:0123456789abcdef";
  private static final Map<String, String> TARGET =
      new TreeMap<>(Map.of(DeploymentOutputs.TABLE_NAME, "cruddur-messages-test"));

  /** One slice answering, then a wait: running for as long as a test needs. */
  private static final String SLICE_THEN_HOLD =
      """
      {"StartAt": "%s", "States": {
        "%s": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
               "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:v",
                              "Payload": {"command": "release"}},
               "ResultSelector": {"answer.$": "$.Payload"}, "ResultPath": "$.slice",
               "Next": "Route"},
        "Route": {"Type": "Choice", "Choices": [
                    {"Variable": "$.slice.answer.outcome", "StringEquals": "done", "Next": "Done"},
                    {"Variable": "$.slice.answer.outcome", "StringEquals": "failed",
                     "Next": "Error"}],
                  "Default": "Hold"},
        "Hold": {"Type": "Wait", "Seconds": 600, "Next": "Done"},
        "Error": {"Type": "Pass", "Parameters": {"error.$": "$.slice.answer.error"},
                  "Next": "%s"},
        "%s": {"Type": "Fail", "ErrorPath": "$.error.code",
               "CausePath": "States.JsonToString($.error)"},
        "Done": {"Type": "Succeed"}}}
      """
          .formatted(
              ReleaseWorkflow.SLICE_STATE,
              ReleaseWorkflow.SLICE_STATE,
              ReleaseWorkflow.FAILED_STATE,
              ReleaseWorkflow.FAILED_STATE);

  @TempDir Path work;
  private MotoServer moto;
  private SfnClient sfn;
  private String stateMachineArn;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  @BeforeAll
  void startMoto(@TempDir Path dir) {
    int port = MotoServer.freePort();
    moto = MotoServer.start(port, dir.resolve("moto.log"), Map.of("MOTO_PORT", "" + port));
    sfn =
        SfnClient.builder()
            .endpointOverride(moto.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .build();
  }

  @AfterAll
  void stopMoto() {
    if (sfn != null) {
      sfn.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void createStartsTheReleaseOnceAndTheDeploymentWaitsUntilItSucceeds() throws Exception {
    workflowAnswering("{\"outcome\": \"done\"}");

    ObjectNode started = start().handle(request("Create", "req-1", PACKAGE, TARGET));
    String arn = executionArn(started);
    assertThat(started.path("PhysicalResourceId").asText()).isEqualTo("test-release");
    assertThat(arn).endsWith(":execution:cruddur-test-release:deploy-req-1");
    // the framework retrying the same request starts nothing new, even once the execution ended
    // (then Step Functions answers ExecutionAlreadyExists)
    for (int i = 0;
        i < 600
            && sfn.describeExecution(b -> b.executionArn(arn)).status()
                == software.amazon.awssdk.services.sfn.model.ExecutionStatus.RUNNING;
        i++) {
      Thread.sleep(100);
    }
    assertThat(executionArn(start().handle(request("Create", "req-1", PACKAGE, TARGET))))
        .isEqualTo(arn);
    assertThat(JSON.readTree(sfn.describeExecution(b -> b.executionArn(arn)).input()))
        .isEqualTo(
            JSON.readTree(
                "{\"deployment\": {\"requestId\": \"req-1\", \"requestType\": \"Create\","
                    + " \"stage\": \"test\", \"package\": \""
                    + PACKAGE
                    + "\"}}"));

    JsonNode done = awaitComplete(started);
    assertThat(executionArn(done)).isEqualTo(arn);
  }

  @Test
  void aFailedSliceFailsTheDeploymentWithTheReleasesErrorLine() {
    workflowAnswering(
        """
        {"outcome": "failed", "error": {"code": "LOCK_HELD", "exitCode": 5,
         "message": "another release holds the lock (cruddur release on ip-10-0-3-7, pid 4711)",
         "hint": "Wait for it, or run again with --wait 10m"}}
        """);
    ObjectNode started = start().handle(request("Update", "req-2", PACKAGE, TARGET));

    assertThatThrownBy(() -> awaitComplete(started))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessage(
            "release to test failed, exit 5 (LOCK_HELD): another release holds the lock (cruddur"
                + " release on ip-10-0-3-7, pid 4711). Wait for it, or run again with --wait 10m"
                + " (execution deploy-req-2; the whole report is in the release function's log)");
  }

  @Test
  void aReleaseEstimatedLongerThanTheDeploymentCanWaitIsStoppedAndFailsItEarly() {
    workflowAnswering("{\"outcome\": \"more\", \"estimateSeconds\": 7200}");
    ObjectNode started = start().handle(request("Create", "req-3", PACKAGE, TARGET));
    String arn = executionArn(started);
    awaitSliceAnswered(arn);

    assertThatThrownBy(() -> check(Clock.systemUTC()).handle(started))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageStartingWith(
            "the release to test needs about 2 h 0 min more, and the deployment can wait 5")
        .hasMessageEndingWith(
            ": it was stopped at a boundary (the ledger keeps what was applied). Deploy with -c"
                + " releaseOnDeploy=false and release from the pipeline step: cruddur release"
                + " --aws --via");
    assertThat(statusOnceStopped(arn)).isEqualTo(ExecutionStatus.ABORTED);
  }

  @Test
  void aReleaseEstimatedWithinTheWaitIsWaitedFor() {
    workflowAnswering("{\"outcome\": \"more\", \"estimateSeconds\": 600}");
    ObjectNode started = start().handle(request("Create", "req-4", PACKAGE, TARGET));
    String arn = executionArn(started);
    awaitSliceAnswered(arn);

    assertThat(check(Clock.systemUTC()).handle(started).path("IsComplete").asBoolean()).isFalse();
    assertThat(status(arn)).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void aReleaseStillRunningWhenTheWaitRunsOutIsStoppedWithThePipelineLine() {
    workflowAnswering("{\"outcome\": \"more\"}");
    ObjectNode started = start().handle(request("Create", "req-5", PACKAGE, TARGET));
    String arn = executionArn(started);
    Instant startDate = sfn.describeExecution(b -> b.executionArn(arn)).startDate();
    Clock almostOver =
        Clock.fixed(startDate.plus(ReleaseWorkflow.DEPLOY_WAIT).minusSeconds(10), ZoneOffset.UTC);

    assertThatThrownBy(() -> check(almostOver).handle(started))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageStartingWith(
            "the release to test did not finish within the 55 min a deployment waits: it was"
                + " stopped at a boundary");
    assertThat(statusOnceStopped(arn)).isEqualTo(ExecutionStatus.ABORTED);
  }

  @Test
  void deleteStopsTheExecutionADeploymentStarted() {
    workflowAnswering("{\"outcome\": \"more\"}");
    ObjectNode started = start().handle(request("Create", "req-6", PACKAGE, TARGET));
    String arn = executionArn(started);

    ObjectNode deleted = start().handle(request("Delete", "req-7", PACKAGE, TARGET));

    assertThat(deleted.has("Data")).isFalse();
    assertThat(statusOnceStopped(arn)).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(check(Clock.systemUTC()).handle(deleted).path("IsComplete").asBoolean()).isTrue();
    assertThat(logged()).contains("Delete: stopped [" + arn + "]");
  }

  @Test
  void aRollbackStopsTheExecutionAndStartsNone() {
    workflowAnswering("{\"outcome\": \"more\"}");
    ObjectNode started = start().handle(request("Update", "req-8", PACKAGE, TARGET));
    String arn = executionArn(started);

    // CloudFormation rolls back to the previous package: the function is still the new one
    ObjectNode rolledBack =
        start().handle(request("Update", "req-9", "sha256:fedcba9876543210", TARGET));

    assertThat(rolledBack.has("Data")).isFalse();
    assertThat(statusOnceStopped(arn)).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(logged()).contains("CloudFormation is rolling back. Stopped [" + arn + "]");
  }

  @Test
  void aReleaseStartedByAPipelineIsNotStoppedByADeletion() {
    workflowAnswering("{\"outcome\": \"more\"}");
    String pipeline =
        sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name("via-ci-412").input("{}"))
            .executionArn();

    start().handle(request("Delete", "req-10", PACKAGE, TARGET));

    assertThat(logged()).contains("Delete: stopped []");
    assertThat(status(pipeline)).isEqualTo(ExecutionStatus.RUNNING);
  }

  @Test
  void aHandlerWithoutItsEnvironmentSaysHowToDeployIt() {
    DeployTimeStart unset =
        new DeployTimeStart(Map.of(), () -> sfn, Clock.systemUTC(), new PrintStream(logged));
    assertThatThrownBy(() -> unset.handle(request("Create", "req-11", PACKAGE, TARGET)))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessage(
            "the release's custom resource is not set up: "
                + ReleaseVehicle.STAGE_ENV
                + " is not set. Deploy it with the CDK app (npx cdk deploy), which sets its"
                + " environment");
  }

  /** A fresh backend (moto runs one execution per backend) whose slice answers {@code answer}. */
  private void workflowAnswering(String answer) {
    moto.api().reset();
    moto.api().executeStateMachines();
    moto.api().queueLambdaAnswers("us-east-1", List.of(answer));
    stateMachineArn =
        sfn.createStateMachine(
                b ->
                    b.name(ReleaseWorkflow.stateMachineName("test"))
                        .definition(SLICE_THEN_HOLD)
                        .roleArn("arn:aws:iam::123456789012:role/cruddur-test-release-workflow"))
            .stateMachineArn();
  }

  /** The execution onEvent's answer names. */
  private static String executionArn(JsonNode onEventAnswer) {
    return onEventAnswer.path("Data").path(ReleaseWorkflow.EXECUTION_ARN_ATTRIBUTE).asText();
  }

  private Map<String, String> environment() {
    try {
      return Map.of(
          ReleaseVehicle.STAGE_ENV,
          "test",
          ReleaseVehicle.RELEASE_CONTEXT_ENV,
          "test",
          ReleaseVehicle.PACKAGE_ENV,
          PACKAGE,
          ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV,
          JSON.writeValueAsString(TARGET),
          ReleaseWorkflow.WORKFLOW_ARN_ENV,
          stateMachineArn,
          ReleaseWorkflow.DEPLOY_WAIT_ENV,
          "" + ReleaseWorkflow.DEPLOY_WAIT.toSeconds());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private DeployTimeStart start() {
    return new DeployTimeStart(
        environment(), () -> sfn, Clock.systemUTC(), new PrintStream(logged, true));
  }

  private DeployTimeCheck check(Clock clock) {
    return new DeployTimeCheck(environment(), () -> sfn, clock, new PrintStream(logged, true));
  }

  /** The event CloudFormation sends, as the Provider framework hands it on. */
  private static ObjectNode request(
      String type, String requestId, String packageFingerprint, Map<String, String> target) {
    ObjectNode event = JSON.createObjectNode();
    event.put("RequestType", type).put("RequestId", requestId);
    if (!type.equals("Create")) {
      event.put("PhysicalResourceId", "test-release");
    }
    ObjectNode properties = event.putObject("ResourceProperties");
    properties.put(ReleaseVehicle.PACKAGE_PROPERTY, packageFingerprint);
    properties.set(ReleaseVehicle.TARGET_PROPERTY, JSON.valueToTree(target));
    return event;
  }

  /** Polls isComplete as the framework does until it says complete (or throws). */
  private JsonNode awaitComplete(ObjectNode onEventAnswer) throws InterruptedException {
    ObjectNode event = onEventAnswer.deepCopy();
    for (int attempt = 0; attempt < 600; attempt++) {
      JsonNode answer = check(Clock.systemUTC()).handle(event);
      if (answer.path("IsComplete").asBoolean()) {
        return answer;
      }
      Thread.sleep(100); // the framework's query interval, shortened
    }
    throw new AssertionError("the execution did not end: " + onEventAnswer);
  }

  /** Until the execution's slice has answered (moto runs it on a thread of its own). */
  private void awaitSliceAnswered(String arn) {
    for (int attempt = 0; attempt < 600; attempt++) {
      boolean answered =
          sfn.getExecutionHistory(b -> b.executionArn(arn)).events().stream()
              .anyMatch(e -> e.typeAsString().equals("TaskStateExited"));
      if (answered) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the slice of " + arn + " never answered");
  }

  private ExecutionStatus status(String arn) {
    return sfn.describeExecution(b -> b.executionArn(arn)).status();
  }

  /** The execution's status once a stop has taken effect (moto stops on a thread of its own). */
  private ExecutionStatus statusOnceStopped(String arn) {
    ExecutionStatus status = sfn.describeExecution(b -> b.executionArn(arn)).status();
    for (int attempt = 0; attempt < 50 && status == ExecutionStatus.RUNNING; attempt++) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      status = sfn.describeExecution(b -> b.executionArn(arn)).status();
    }
    return status;
  }

  private String logged() {
    return logged.toString(StandardCharsets.UTF_8);
  }
}
