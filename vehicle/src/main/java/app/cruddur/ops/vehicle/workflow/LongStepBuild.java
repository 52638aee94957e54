package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.vehicle.ReleaseHandler;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A long step in CodeBuild: the workflow's build runs {@code java -cp <the unpacked vehicle
 * package> }{@value ReleaseWorkflow#LONG_STEP_MAIN}, which hands the event of {@value
 * ReleaseWorkflow#LONG_STEP_EVENT_ENV} (the slice's {@code runLong.event}) to the vehicle's own
 * handler once, with the project's environment (the vehicle's variables) and no slice deadline but
 * the build's. The answer goes to stdout (the build's log); the exit status is 0 unless the
 * answer's outcome is {@code failed} (or it has none and a non-zero {@code exitCode}), which fails
 * the build and so the workflow's long step.
 */
public final class LongStepBuild {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LongStepBuild() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    String event = env.getOrDefault(ReleaseWorkflow.LONG_STEP_EVENT_ENV, "");
    if (event.isBlank()) {
      System.err.println(
          "error: "
              + ReleaseWorkflow.LONG_STEP_EVENT_ENV
              + " is not set. The release workflow sets it when it starts this build for a long"
              + " step");
      System.exit(2);
    }
    System.err.println(
        "cruddur long step " + env.getOrDefault(ReleaseWorkflow.LONG_STEP_ENV, "(unnamed)"));
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    new ReleaseHandler()
        .handleRequest(
            new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
            answer,
            new BuildContext(ReleaseWorkflow.LONG_STEP_TIMEOUT));
    String text = answer.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    System.exit(status(JSON.readTree(text)));
  }

  /** The build's exit status for the handler's answer. */
  static int status(JsonNode answer) {
    Optional<ReleaseWorkflow.Outcome> outcome =
        ReleaseWorkflow.Outcome.of(answer.path(ReleaseWorkflow.OUTCOME_FIELD).asText(""));
    if (outcome.isPresent()) {
      return outcome.get() == ReleaseWorkflow.Outcome.FAILED ? 1 : 0;
    }
    return answer.path("exitCode").asInt(1) == 0 ? 0 : 1;
  }

  /** What the handler sees of its invocation in a build: the build's time, nothing of Lambda's. */
  private static final class BuildContext implements Context {
    private final long deadline;

    BuildContext(Duration budget) {
      this.deadline = System.currentTimeMillis() + budget.toMillis();
    }

    @Override
    public String getAwsRequestId() {
      return System.getenv().getOrDefault("CODEBUILD_BUILD_ID", "long-step");
    }

    @Override
    public String getLogGroupName() {
      return "";
    }

    @Override
    public String getLogStreamName() {
      return "";
    }

    @Override
    public String getFunctionName() {
      return "long-step";
    }

    @Override
    public String getFunctionVersion() {
      return "";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "";
    }

    @Override
    public CognitoIdentity getIdentity() {
      return null;
    }

    @Override
    public ClientContext getClientContext() {
      return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
      return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadline - System.currentTimeMillis()));
    }

    @Override
    public int getMemoryLimitInMB() {
      return (int) (Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    @Override
    public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override
        public void log(String message) {
          System.err.print(message);
        }

        @Override
        public void log(byte[] message) {
          System.err.print(new String(message, StandardCharsets.UTF_8));
        }
      };
    }
  }
}
