package app.cruddur.ops.runner.internal.operations.vehicle;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.Envelope;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.VehicleAnswer;
import app.cruddur.ops.runner.api.VehicleRun;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.targets.Connections;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * {@code release|status|validate|db rollback --via [FUNCTION]}: runs the verb in a deployed stage's
 * release vehicle (the runner as a Lambda function in the stage's VPC), synchronously and once
 * (never retried: the release runs under its own lock for up to the function's timeout), replays
 * the progress it answers to the listener, and gives back its typed result or failure. The function
 * is the one given, else the deployment's {@code ReleaseFunctionName} output; never a default.
 */
public record InvokeVehicle(
    Connections session, Optional<String> function, VerbRequest request, ReleaseListener listener) {
  private static final String WHERE = "LAMBDA";

  /** Invokes the vehicle once and reads its answer back. */
  public VehicleRun run() {
    String name = function.filter(f -> !f.isBlank()).orElseGet(this::fromDeployment);
    String where = session.aws().describe("Lambda", WHERE);
    listener.notice(
        "Running "
            + request.verb().word()
            + " in the release vehicle "
            + name
            + " ("
            + where
            + "; its log: "
            + ReleaseVehicle.logGroup(name)
            + ") …");
    InvokeResponse response;
    try (LambdaClient lambda =
        session.aws().longCallClient(LambdaClient::builder, WHERE, ReleaseVehicle.MAX_TIMEOUT)) {
      response =
          lambda.invoke(
              b ->
                  b.functionName(name)
                      .invocationType(InvocationType.REQUEST_RESPONSE)
                      .payload(SdkBytes.fromUtf8String(request.toEvent().toString())));
    } catch (ResourceNotFoundException e) {
      throw CruddurException.of(
          ErrorCode.VEHICLE,
          "there is no release vehicle " + name + " (" + where + ")",
          "Check --via (the stage's ReleaseFunctionName output, cruddur-<stage>-release), --profile"
              + " and --region, or deploy the stage's release stack (npx cdk deploy --all -c"
              + " stage=<stage>)");
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "invoking the release vehicle " + name, where);
    }
    return answer(name, response);
  }

  private String fromDeployment() {
    return session
        .deployment()
        .flatMap(d -> d.get(DeploymentOutputs.RELEASE_FUNCTION_NAME))
        .orElseThrow(
            () -> {
              String source =
                  session
                      .deployment()
                      .map(
                          d ->
                              d.source()
                                  + " has no output "
                                  + DeploymentOutputs.RELEASE_FUNCTION_NAME)
                      .orElse("no deployment named");
              return CruddurException.of(
                  ErrorCode.NAME_REQUIRED,
                  "the release vehicle is not named (" + source + ")",
                  "Pass --via FUNCTION (cruddur-<stage>-release), or name the deployment: --stack"
                      + " cruddur-<stage> (its release stack's "
                      + DeploymentOutputs.RELEASE_FUNCTION_NAME
                      + " output) or --outputs cdk-outputs.json");
            });
  }

  private VehicleRun answer(String name, InvokeResponse response) {
    String text = response.payload() == null ? "" : response.payload().asUtf8String();
    JsonNode answer;
    try {
      answer = text.isBlank() ? null : Json.mapper().readTree(text);
    } catch (IOException e) {
      answer = null;
    }
    if (response.functionError() != null) {
      // the function itself failed (a timeout, out of memory, an unhandled error): its own message
      String message =
          answer != null && answer.hasNonNull("errorMessage")
              ? answer.get("errorMessage").asText()
              : text.strip();
      throw CruddurException.of(
          ErrorCode.FAILED,
          "the release vehicle "
              + name
              + " failed: "
              + (message.isEmpty() ? response.functionError() : message),
          "Its log: "
              + ReleaseVehicle.logGroup(name)
              + ". What a release applied is in its ledger (cruddur status --via)");
    }
    VehicleAnswer read;
    OperationResult result = null;
    try {
      read = VehicleAnswer.fromJson(answer);
      if (read.envelope().error().isEmpty()) {
        result = read.envelope().result(request.resultType());
      }
    } catch (IllegalArgumentException e) {
      throw CruddurException.of(
          ErrorCode.VEHICLE,
          "the release vehicle "
              + name
              + " answered something that is not a cruddur result: "
              + abbreviate(text),
          "Check that "
              + name
              + " is the stage's release vehicle (its ReleaseFunctionName output)");
    }
    read.events().forEach(event -> event.replayTo(listener));
    return new VehicleRun(
        name,
        read.envelope().target().orElse(name),
        Optional.ofNullable(result),
        read.envelope().error().map(Envelope.Error::exception));
  }

  private static String abbreviate(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.isEmpty() ? "nothing" : line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
