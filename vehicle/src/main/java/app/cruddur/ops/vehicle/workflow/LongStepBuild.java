package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.vehicle.ReleaseHandler;
import app.cruddur.ops.vehicle.TimedContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
            new TimedContext(
                "long-step",
                "",
                System.getenv().getOrDefault("CODEBUILD_BUILD_ID", "long-step"),
                ReleaseWorkflow.LONG_STEP_TIMEOUT,
                System.err));
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
}
