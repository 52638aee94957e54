package app.cruddur.ops.vehicle;

import app.cruddur.ops.runner.Release;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Lambda function of the vehicle's package that runs the project inside it (the release vehicle,
 * the migration worker): given its environment (never the JVM's own, so a test or a local try
 * passes one), a work directory and a log. It reads the event as JSON — anything else is no event
 * ({@code null}), which the handler answers as a bad one, never with a crash — and answers JSON.
 */
public abstract class PackagedFunction implements RequestStreamHandler {
  /** The event's and the answer's JSON. */
  protected static final ObjectMapper JSON = new ObjectMapper();

  /** The function's environment (the stage's target, AWS credentials and region). */
  protected final Map<String, String> env;

  /** Where the packaged project is unpacked, if it must be (and other work files). */
  protected final Path workDir;

  /** Where each invocation's transcript or line goes. */
  protected final PrintStream log;

  private final Duration longest;

  /**
   * @param env the function's environment
   * @param workDir a writable directory
   * @param log where what it did goes
   * @param longest the time an invocation has when no Lambda context says how much is left
   */
  protected PackagedFunction(
      Map<String, String> env, Path workDir, PrintStream log, Duration longest) {
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.log = log;
    this.longest = longest;
  }

  /** A work directory named {@code name} in the temporary directory (/tmp on Lambda). */
  protected static Path temporary(String name) {
    return Path.of(System.getProperty("java.io.tmpdir"), name);
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event;
    try {
      event = JSON.readTree(input);
    } catch (JsonProcessingException e) {
      event = null;
    }
    Duration remaining =
        context == null ? longest : Duration.ofMillis(context.getRemainingTimeInMillis());
    output.write(JSON.writeValueAsBytes(answer(event, remaining)));
  }

  /**
   * The answer to {@code event} ({@code null}: not JSON), given {@code remaining} time.
   *
   * @throws ReleaseFailedException when a deployment's release failed (a custom resource's event)
   */
  protected abstract JsonNode answer(JsonNode event, Duration remaining);

  /**
   * The project to run: the package's own; {@code CRUDDUR_PROJECT_DIR} (never set by the CDK app)
   * points a local try elsewhere.
   *
   * @throws VehicleSetupException when the package has no project
   */
  protected Path project() {
    return env.containsKey(Release.PROJECT_DIR_ENV)
        ? Path.of(env.get(Release.PROJECT_DIR_ENV))
        : PackagedProject.locate(getClass().getClassLoader(), workDir);
  }
}
