package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.runner.internal.workflow.ReleaseExecutions;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * A handler of the CDK Provider framework (JSON in, JSON out; a thrown exception fails the resource
 * with its message) for the stage's release workflow.
 */
abstract class CustomResourceHandler implements RequestStreamHandler {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final Supplier<SfnClient> sfn;
  final Clock clock;
  final PrintStream log;

  CustomResourceHandler(
      Map<String, String> env, Supplier<SfnClient> sfn, Clock clock, PrintStream log) {
    this.env = Map.copyOf(env);
    this.sfn = sfn;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    output.write(JSON.writeValueAsBytes(handle(JSON.readTree(input))));
  }

  /**
   * The answer to {@code event}.
   *
   * @throws DeploymentFailedException to fail the resource, hence the deployment
   */
  public abstract ObjectNode handle(JsonNode event);

  /** The settings of the environment given (checked on each request: a message, not a crash). */
  DeployTimeSettings settings() {
    return DeployTimeSettings.from(env);
  }

  /** The stage's executions. */
  ReleaseExecutions executions(DeployTimeSettings settings) {
    return new ReleaseExecutions(sfn.get(), settings.workflowArn());
  }

  /** The one Step Functions client of this process, from the function's credentials and region. */
  static SfnClient defaultClient() {
    return DefaultClient.SFN;
  }

  private static final class DefaultClient {
    static final SfnClient SFN = SfnClient.create();
  }
}
