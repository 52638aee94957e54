package app.cruddur.ops.vehicle;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.runner.api.ExitCode;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The release vehicle's Lambda entry point: runs {@code cruddur} in-process against the stage the
 * function belongs to (its environment names the stage's resources; see {@link ReleaseVehicle}).
 *
 * <p>Two kinds of event:
 *
 * <ul>
 *   <li>A direct invocation, {@code {"command": "release|plan|status|validate", "output":
 *       "table|json"}}, or {@code {"command": "rollback", "count": N | "tag": "T", "confirm":
 *       "<database>"}}: answered with {@link VehicleResult} ({@code exitCode}, {@code exitName},
 *       {@code errorLine}, {@code output}, {@code log}), whatever the exit code, so the caller can
 *       map it through.
 *   <li>A CloudFormation custom-resource event (from the CDK's Provider framework, during {@code
 *       cdk deploy}): Create and Update release, and a failed release throws {@link
 *       ReleaseFailedException}, which fails the deployment with the release's error line; Delete
 *       does nothing (deleting a stack never reverts a release). An Update whose properties are not
 *       this function's own package and target is CloudFormation rolling back: the release never
 *       runs backwards, so it is skipped.
 * </ul>
 *
 * Everything a command prints also goes to the function's log (CloudWatch).
 */
public final class ReleaseHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> INVOCATION_FIELDS =
      Set.of(
          ReleaseVehicle.COMMAND_FIELD,
          ReleaseVehicle.OUTPUT_FIELD,
          ReleaseVehicle.COUNT_FIELD,
          ReleaseVehicle.TAG_FIELD,
          ReleaseVehicle.CONFIRM_FIELD);

  /** CloudFormation shows at most about this much of a failure reason. */
  private static final int MAX_REASON = 900;

  private final Map<String, String> env;
  private final Path workDir;
  private final PrintStream log;

  /**
   * The handler Lambda instantiates: this process's environment, work files in /tmp, logs on
   * stdout.
   */
  public ReleaseHandler() {
    this(
        System.getenv(),
        Path.of(System.getProperty("java.io.tmpdir"), "cruddur-vehicle"),
        System.out);
  }

  /**
   * @param env the function's environment (the stage's target, AWS credentials and region)
   * @param workDir a writable directory for the outputs file (and the project, run from a jar)
   * @param log where the transcript of every command goes
   */
  public ReleaseHandler(Map<String, String> env, Path workDir, PrintStream log) {
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.log = log;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event;
    try {
      event = JSON.readTree(input);
    } catch (JsonProcessingException e) {
      event = null;
    }
    JsonNode response =
        event == null || !event.isObject()
            ? JSON.valueToTree(
                VehicleResult.failure(
                    "",
                    ExitCode.USAGE,
                    "error: the event is not a JSON object. Invoke the function with {\"command\":"
                        + " \"release\"} (or plan, status, validate)"))
            : handle(event);
    output.write(JSON.writeValueAsBytes(response));
  }

  /**
   * The answer to {@code event}: a custom-resource response, or a {@link VehicleResult}.
   *
   * @throws ReleaseFailedException when a deployment's release failed
   */
  public JsonNode handle(JsonNode event) {
    if (event.has("RequestType")) {
      return customResource(event);
    }
    return JSON.valueToTree(invoke(event));
  }

  /** Runs the command a direct invocation asks for. */
  public VehicleResult invoke(JsonNode event) {
    for (Iterator<String> fields = event.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!INVOCATION_FIELDS.contains(field)) {
        return VehicleResult.failure(
            "",
            ExitCode.USAGE,
            "error: unknown field '"
                + field
                + "' in the event. Use only "
                + String.join(", ", new java.util.TreeSet<>(INVOCATION_FIELDS)));
      }
    }
    String command = event.path(ReleaseVehicle.COMMAND_FIELD).asText("");
    if (!ReleaseVehicle.COMMANDS.contains(command)) {
      return VehicleResult.failure(
          command,
          ExitCode.USAGE,
          "error: "
              + (command.isEmpty() ? "no command" : "unknown command '" + command + "'")
              + " in the event. Send {\"command\": \""
              + String.join("|", ReleaseVehicle.COMMANDS)
              + "\"}");
    }
    String format = event.path(ReleaseVehicle.OUTPUT_FIELD).asText("table");
    if (!format.equals("table") && !format.equals("json")) {
      return VehicleResult.failure(
          command,
          ExitCode.USAGE,
          "error: unknown output '" + format + "' in the event. Use table or json");
    }
    List<String> rollback = List.of();
    if (command.equals("rollback")) {
      JsonNode count = event.get(ReleaseVehicle.COUNT_FIELD);
      JsonNode tag = event.get(ReleaseVehicle.TAG_FIELD);
      if ((count == null) == (tag == null)
          || count != null && !count.canConvertToInt()
          || tag != null && !tag.isTextual()) {
        return VehicleResult.failure(
            command,
            ExitCode.USAGE,
            "error: a rollback needs either \"count\": N or \"tag\": \"T\"."
                + " Send {\"command\": \"rollback\", \"count\": 1, \"confirm\": \"<database>\"}");
      }
      rollback =
          new ArrayList<>(
              count != null ? List.of("--count", count.asText()) : List.of("--tag", tag.asText()));
      // the runner checks it is the database's name; without it the rollback is refused (exit 2)
      if (event.hasNonNull(ReleaseVehicle.CONFIRM_FIELD)) {
        rollback.addAll(List.of("--confirm", event.get(ReleaseVehicle.CONFIRM_FIELD).asText()));
      }
    } else if (event.has(ReleaseVehicle.COUNT_FIELD)
        || event.has(ReleaseVehicle.TAG_FIELD)
        || event.has(ReleaseVehicle.CONFIRM_FIELD)) {
      return VehicleResult.failure(
          command,
          ExitCode.USAGE,
          "error: count, tag and confirm belong to a rollback, not to "
              + command
              + ". Send {\"command\": \""
              + command
              + "\"}");
    }
    return run(command, format, rollback);
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
      throw new ReleaseFailedException(setupError(e), ExitCode.CONFIG.code());
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
    VehicleResult result = run("release", "table", List.of());
    if (!result.ok()) {
      String reason =
          "release to "
              + settings.stage()
              + " failed, exit "
              + result.exitCode()
              + " ("
              + result.exitName()
              + "): "
              + result.errorLine();
      if (reason.length() > MAX_REASON) {
        reason = reason.substring(0, MAX_REASON) + "…";
      }
      throw new ReleaseFailedException(
          reason + " (the whole report is in the function's log)", result.exitCode());
    }
    response.putObject("Data").put("ExitCode", String.valueOf(result.exitCode()));
    return response;
  }

  private VehicleResult run(String command, String format, List<String> rollback) {
    VehicleSettings settings;
    Path project;
    try {
      settings = VehicleSettings.from(env);
      // the package's own project; CRUDDUR_PROJECT_DIR (never set by the CDK app) points a local
      // try elsewhere
      project =
          env.containsKey(app.cruddur.ops.runner.cli.Invocation.PROJECT_DIR_ENV)
              ? Path.of(env.get(app.cruddur.ops.runner.cli.Invocation.PROJECT_DIR_ENV))
              : PackagedProject.locate(ReleaseHandler.class.getClassLoader(), workDir);
    } catch (VehicleSetupException e) {
      VehicleResult failed =
          VehicleResult.failure(command, ExitCode.CONFIG, "error: " + setupError(e));
      transcript(List.of(), failed);
      return failed;
    }
    Path outputs = settings.outputsFile(workDir);
    try {
      Files.createDirectories(workDir);
      Files.writeString(outputs, settings.outputsFileContent(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + outputs, e);
    }
    List<String> args =
        new ArrayList<>(
            switch (command) {
              case "release" -> List.of("release", "--wait", settings.lockWait());
              case "plan" -> List.of("release", "--plan");
              case "rollback" -> List.of("db", "rollback", "--wait", settings.lockWait());
              default -> List.of(command);
            });
    args.addAll(rollback);
    args.addAll(
        List.of(
            "--aws",
            "--outputs",
            outputs.toString(),
            "--context",
            settings.context(),
            "--project-dir",
            project.toString(),
            "--output",
            format));
    VehicleResult result = new InProcessCli(env, workDir).run(command, args);
    transcript(args, result);
    return result;
  }

  private static String setupError(VehicleSetupException e) {
    return "the release function is not set up: "
        + e.getMessage()
        + ". Deploy it with the CDK app (npx cdk deploy), which sets its environment";
  }

  private void transcript(List<String> args, VehicleResult result) {
    StringBuilder text = new StringBuilder();
    if (!args.isEmpty()) {
      text.append("cruddur ").append(String.join(" ", args)).append(System.lineSeparator());
    }
    text.append(result.output());
    text.append(result.log());
    text.append("cruddur vehicle: ")
        .append(result.command())
        .append(" exit ")
        .append(result.exitCode())
        .append(" (")
        .append(result.exitName())
        .append(')');
    log.println(text);
    log.flush();
  }
}
