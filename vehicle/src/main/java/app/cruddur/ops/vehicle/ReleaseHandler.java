package app.cruddur.ops.vehicle;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.Targets;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.DatabaseUrls;
import app.cruddur.ops.runner.api.Envelope;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseEvent;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.api.VehicleAnswer;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.cli.Renderer;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The release vehicle's Lambda entry point: runs a release verb against the stage the function
 * belongs to (its environment names the stage's resources; see {@link ReleaseVehicle}), through the
 * runner's API, as the CLI does from anywhere else.
 *
 * <p>Two kinds of event:
 *
 * <ul>
 *   <li>A direct invocation, {@code {"command": "release|plan|status|validate", "output":
 *       "table|json"}}, or {@code {"command": "rollback", "count": N | "tag": "T", "confirm":
 *       "<database>"}} ({@link VerbRequest#fromEvent}): answered with the command's JSON envelope
 *       and the release's progress events ({@link VehicleAnswer}), whatever happened, so the caller
 *       shows it as a local run shows it and exits with its exit code.
 *   <li>A CloudFormation custom-resource event (from the CDK's Provider framework, during {@code
 *       cdk deploy}): Create and Update release, and a failed release throws {@link
 *       ReleaseFailedException}, which fails the deployment with the release's error line; Delete
 *       does nothing (deleting a stack never reverts a release). An Update whose properties are not
 *       this function's own package and target is CloudFormation rolling back: the release never
 *       runs backwards, so it is skipped.
 * </ul>
 *
 * Every run's transcript, as the CLI would print it ({@code output} decides table or JSON), also
 * goes to the function's log (CloudWatch).
 */
public final class ReleaseHandler extends PackagedFunction {
  /** CloudFormation shows at most about this much of a failure reason. */
  private static final int MAX_REASON = 900;

  /**
   * The handler Lambda instantiates: this process's environment, work files in /tmp, logs on
   * stdout.
   */
  public ReleaseHandler() {
    this(System.getenv(), temporary("cruddur-vehicle"), System.out);
  }

  /**
   * @param env the function's environment (the stage's target, AWS credentials and region)
   * @param workDir a writable directory for the outputs file (and the project, run from a jar)
   * @param log where the transcript of every command goes
   */
  public ReleaseHandler(Map<String, String> env, Path workDir, PrintStream log) {
    super(env, workDir, log, ReleaseVehicle.MAX_TIMEOUT);
  }

  @Override
  protected JsonNode answer(JsonNode event, Duration remaining) {
    return event != null && event.has("RequestType")
        ? customResource(event)
        : invoke(event, remaining).toJson();
  }

  /**
   * The answer to {@code event}: a custom-resource response, or a {@link VehicleAnswer}.
   *
   * @throws ReleaseFailedException when a deployment's release failed
   */
  public JsonNode handle(JsonNode event) {
    if (event.has("RequestType")) {
      return customResource(event);
    }
    return invoke(event).toJson();
  }

  /** Runs the verb a direct invocation asks for, a slice with the function's longest time. */
  public VehicleAnswer invoke(JsonNode event) {
    return invoke(event, ReleaseVehicle.MAX_TIMEOUT);
  }

  /**
   * Runs the verb a direct invocation asks for; a slice of a release workflow works until {@code
   * remaining} (the function's remaining time) is down to the slice's margin, and answers its
   * outcome.
   */
  public VehicleAnswer invoke(JsonNode event, Duration remaining) {
    VerbRequest request;
    try {
      request = VerbRequest.fromEvent(event);
    } catch (CruddurException notAnInvocation) {
      String word = event == null ? "" : event.path(ReleaseVehicle.COMMAND_FIELD).asText("");
      VehicleAnswer answer = failed(word, Optional.empty(), notAnInvocation, List.of());
      if (event != null && event.has(ReleaseWorkflow.SLICE_FIELD)) {
        // a workflow's slice: it fails with this error, not for want of an outcome
        answer =
            new VehicleAnswer(
                answer.envelope(),
                answer.events(),
                Optional.of(
                    new VehicleAnswer.Slice(
                        ReleaseWorkflow.Outcome.FAILED, Optional.empty(), Optional.empty())));
      }
      transcript(
          "cruddur vehicle: an event that is not an invocation", answer, Optional.empty(), false);
      return answer;
    }
    return run(request, remaining);
  }

  private JsonNode customResource(JsonNode event) {
    String type = event.path("RequestType").asText();
    ObjectNode response = JSON.createObjectNode();
    String physicalId = event.path("PhysicalResourceId").asText("");
    response.put(
        "PhysicalResourceId",
        physicalId.isEmpty()
            ? env.getOrDefault(ReleaseVehicle.STAGE_ENV, "cruddur") + "-release"
            : physicalId);
    if (type.equals("Delete")) {
      log.println(
          "cruddur vehicle: Delete: nothing to undo (deleting a stack never reverts a release)");
      return response;
    }
    if (!type.equals("Create") && !type.equals("Update")) {
      throw new ReleaseFailedException(
          "unknown custom resource request type '" + type + "'", ExitCode.USAGE.code());
    }
    VehicleSettings settings;
    try {
      settings = VehicleSettings.from(env);
    } catch (VehicleSetupException e) {
      throw new ReleaseFailedException(setupError(e).getMessage(), ExitCode.CONFIG.code());
    }
    JsonNode properties = event.path("ResourceProperties");
    String wantedPackage = properties.path(ReleaseVehicle.PACKAGE_PROPERTY).asText("");
    Map<String, String> wantedTarget =
        JSON.convertValue(
            properties.path(ReleaseVehicle.TARGET_PROPERTY),
            new TypeReference<TreeMap<String, String>>() {});
    if (type.equals("Update")
        && (!wantedPackage.equals(settings.packageFingerprint())
            || !new TreeMap<>(settings.outputs())
                .equals(wantedTarget == null ? Map.of() : wantedTarget))) {
      log.println(
          "cruddur vehicle: Update for package "
              + wantedPackage
              + " while this function is package "
              + settings.packageFingerprint()
              + " (or for another target): CloudFormation is rolling back. Skipped: a release"
              + " never runs backwards; the ledger keeps what was applied (cruddur status)");
      response.putObject("Data").put("ExitCode", "skipped");
      return response;
    }
    VehicleAnswer answer = run(VerbRequest.of(Verb.RELEASE, false), ReleaseVehicle.MAX_TIMEOUT);
    Optional<Envelope.Error> error = answer.envelope().error();
    if (error.isPresent()) {
      CruddurException failure = error.get().exception();
      String reason =
          "release to "
              + settings.stage()
              + " failed, exit "
              + failure.exitCode().code()
              + " ("
              + failure.exitCode().label()
              + "): error: "
              + failure.getMessage();
      if (reason.length() > MAX_REASON) {
        reason = reason.substring(0, MAX_REASON) + "…";
      }
      throw new ReleaseFailedException(
          reason + " (the whole report is in the function's log)", failure.exitCode().code());
    }
    response.putObject("Data").put("ExitCode", String.valueOf(answer.exitCode()));
    return response;
  }

  /** Runs {@code request} on this function's stage, through the runner's API. */
  private VehicleAnswer run(VerbRequest request, Duration remaining) {
    String operation = request.verb().command();
    VehicleSettings settings;
    Path project;
    try {
      settings = VehicleSettings.from(env);
      project = project();
    } catch (VehicleSetupException e) {
      VehicleAnswer failed =
          VehicleAnswer.of(
              request,
              failed(operation, Optional.empty(), setupError(e), List.of()).envelope(),
              List.of(),
              Optional.empty());
      transcript(
          "cruddur vehicle: " + request.verb().word(), failed, Optional.empty(), request.json());
      return failed;
    }
    ResolvedTarget target =
        Targets.resolve(
            Target.aws(Optional.empty(), Optional.empty())
                .withDeploymentOutputs(outputsFile(settings)),
            ResourceNames.defaults(),
            env);
    ReleaseEvent.Recorder events = new ReleaseEvent.Recorder(ReleaseListener.NONE);
    VehicleAnswer answer;
    Optional<OperationResult> shown = Optional.empty();
    Release.Builder configuration =
        Release.configure()
            .projectDirectory(project)
            .target(target)
            .context(settings.context())
            .lockWait(settings.lockWait())
            .listener(events)
            .environment(env);
    // a slice leaves its margin of the function's time to record where it stopped and answer
    request
        .slice()
        .map(slice -> remaining.minus(slice.margin()))
        .map(box -> box.isNegative() ? Duration.ZERO : box)
        .ifPresent(configuration::timeBox);
    try (Release release = configuration.load()) {
      OperationResult result = release.run(request);
      shown = Optional.of(result);
      answer =
          VehicleAnswer.of(
              request,
              Envelope.of(
                  operation,
                  Optional.of(target.describe()),
                  Optional.of(result),
                  result.warnings(),
                  result.failure()),
              events.events(),
              shown);
    } catch (RuntimeException e) {
      VehicleAnswer failed = failed(operation, Optional.of(target.describe()), e, events.events());
      answer = VehicleAnswer.of(request, failed.envelope(), failed.events(), Optional.empty());
    }
    transcript(
        "cruddur vehicle: "
            + request.verb().word()
            + " in context "
            + settings.context()
            + " on "
            + target.describe()
            + " (stage "
            + settings.stage()
            + ", lock wait "
            + settings.lockWait().toSeconds()
            + " s)",
        answer,
        shown,
        request.json());
    return answer;
  }

  /** The stage's outputs, written where the runner reads a deployment's outputs from. */
  private Path outputsFile(VehicleSettings settings) {
    Path outputs = settings.outputsFile(workDir);
    try {
      Files.createDirectories(workDir);
      Files.writeString(outputs, settings.outputsFileContent(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + outputs, e);
    }
    return outputs;
  }

  /**
   * The answer of a run that failed with {@code e}: as the CLI, anything that is not ours is an
   * unexpected failure (its stack trace in the function's log), and no URL's password is shown.
   */
  private VehicleAnswer failed(
      String operation, Optional<String> target, RuntimeException e, List<ReleaseEvent> events) {
    CruddurException failure;
    if (e instanceof CruddurException c) {
      failure = c;
    } else {
      e.printStackTrace(log);
      failure =
          CruddurException.of(
              ErrorCode.UNEXPECTED,
              "unexpected failure: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
              "See the function's log for the stack trace, and report it if the cause is not clear",
              e);
    }
    CruddurException shown =
        new CruddurException(
                failure.code(),
                DatabaseUrls.redact(failure.problem()),
                DatabaseUrls.redact(failure.remedy()))
            .withChangeset(failure.changeset());
    return new VehicleAnswer(
        Envelope.of(operation, target, Optional.empty(), List.of(), Optional.of(shown)), events);
  }

  private static CruddurException setupError(VehicleSetupException e) {
    return CruddurException.of(
        ErrorCode.CONFIG,
        "the release function is not set up: " + e.getMessage(),
        "Deploy it with the CDK app (npx cdk deploy), which sets its environment");
  }

  /** The run's whole transcript, as the CLI would print it, in the function's log. */
  private void transcript(
      String heading, VehicleAnswer answer, Optional<OperationResult> result, boolean json) {
    Envelope envelope = answer.envelope();
    ExitCode exit = envelope.error().map(e -> e.exception().exitCode()).orElse(ExitCode.OK);
    StringBuilder text = new StringBuilder(heading).append(System.lineSeparator());
    text.append(
        Renderer.transcript(
            envelope.operation(),
            envelope.target(),
            answer.events(),
            result,
            envelope.error().map(Envelope.Error::exception),
            json));
    text.append("cruddur vehicle: ")
        .append(envelope.operation())
        .append(" exit ")
        .append(exit.code())
        .append(" (")
        .append(exit.label())
        .append(')');
    log.println(text);
    log.flush();
  }
}
