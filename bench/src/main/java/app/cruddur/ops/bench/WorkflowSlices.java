package app.cruddur.ops.bench;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.vehicle.ReleaseHandler;
import app.cruddur.ops.vehicle.TimedContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A release run as the release workflow runs it (see {@code ReleaseWorkflowMachine}): the vehicle's
 * handler ({@link ReleaseHandler}) invoked with the workflow's {@code Slice} request — {@code
 * {"command": "release", "slice": {"owner": <the execution's ARN>, "marginSeconds": 60}}} — as
 * bytes in and out, with a Lambda context whose remaining time is the slice's box plus the margin,
 * answer after answer until one says {@code done}. A {@code failed} answer, one without an outcome,
 * or a {@code more} that hands a step to the long-step build or the Distributed Map (which this
 * bench does not run) fails the run, with the answer.
 *
 * <p>The function is a JVM of its own ({@link #main}), started once and invoked slice after slice
 * as a warm function is, with the JVM options the benchmark gives the CLI's runs (so the ways
 * differ in their slicing, not their heap or compiler), the function's environment as its process
 * environment, one handler instance built before the first slice (Lambda's init phase, not timed).
 *
 * @param env the function's environment, as the CDK app sets it, pointed at the local engines
 * @param owner the execution's ARN, the lease owner of every slice
 * @param box each slice's time box: the function's remaining time is this plus the margin
 */
record WorkflowSlices(Map<String, String> env, String owner, Duration box) {
  /**
   * How a workflow's slices went.
   *
   * @param slices the handler's invocations
   * @param seconds their summed wall time (the JVM's start and the handler's init not included)
   */
  record Run(int slices, double seconds) {}

  /**
   * The function of stage {@code stage} releasing {@code project} (not its package's) to {@code
   * table} and {@code db} on the local engines, in context {@code context}.
   */
  static WorkflowSlices of(
      LocalEndpoints local,
      String stage,
      String context,
      Path project,
      String table,
      BenchDatabase db,
      Duration box)
      throws Exception {
    Map<String, String> env = new TreeMap<>(VehicleBenchmark.awsEnvironment(local));
    env.put(ReleaseVehicle.STAGE_ENV, stage);
    env.put(ReleaseVehicle.RELEASE_CONTEXT_ENV, context);
    env.put(ReleaseVehicle.PACKAGE_ENV, "bench");
    env.put(
        ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV,
        Json.mapper().writeValueAsString(Map.of(DeploymentOutputs.TABLE_NAME, table)));
    env.put("CRUDDUR_DATABASE_URL", db.url());
    env.put("PGPASSWORD", db.password());
    env.put(Release.PROJECT_DIR_ENV, project.toString());
    String owner =
        "arn:aws:states:"
            + local.region()
            + ":123456789012:execution:"
            + ReleaseWorkflow.stateMachineName(stage)
            + ":"
            + UUID.randomUUID();
    return new WorkflowSlices(env, owner, box);
  }

  /**
   * Runs the slices in a JVM of their own with {@code jvmOptions} (the function's log in {@code
   * logs/NAME-function.log}) until one answers {@code done}; fails loudly on anything else.
   */
  Run run(BenchContext context, String name, List<String> jvmOptions) throws Exception {
    Path logs = SeedBenchmark.logs(context);
    List<String> command = new ArrayList<>(List.of(context.java()));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            WorkflowSlices.class.getName(),
            owner,
            Long.toString(box.toMillis()),
            logs.resolve(name + "-function.log").toString()));
    Subprocess.Run r =
        Subprocess.run(name, command, env, context.work(), logs, Duration.ofMinutes(240));
    Subprocess.ok(r, "the workflow's slices (" + name + ")");
    List<String> lines = r.out().strip().lines().toList();
    JsonNode result = Json.mapper().readTree(lines.get(lines.size() - 1));
    return new Run(result.path("slices").asInt(), result.path("seconds").asDouble());
  }

  /**
   * The function: {@code OWNER BOX_MILLIS FUNCTION_LOG}; its environment is the function's. Prints
   * {@code {"slices": N, "seconds": S}} when a slice answered {@code done}; exits 1 with the reason
   * otherwise.
   */
  public static void main(String[] args) throws Exception {
    String owner = args[0];
    Duration box = Duration.ofMillis(Long.parseLong(args[1]));
    Path log = Path.of(args[2]);
    try (PrintStream functionLog =
        new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
      ReleaseHandler handler =
          new ReleaseHandler(
              System.getenv(), log.resolveSibling(log.getFileName() + ".task"), functionLog);
      Run run = slices(handler, request(owner), box, functionLog, log);
      System.out.println(
          Json.mapper()
              .createObjectNode()
              .put("slices", run.slices())
              .put("seconds", run.seconds())
              .toString());
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /** The {@code Slice} state's request, as the state machine builds it. */
  private static byte[] request(String owner) throws Exception {
    ObjectNode request = Json.mapper().createObjectNode().put("command", "release");
    request
        .putObject(ReleaseWorkflow.SLICE_FIELD)
        .put(ReleaseWorkflow.SLICE_OWNER_FIELD, owner)
        .put(ReleaseWorkflow.SLICE_MARGIN_FIELD, ReleaseWorkflow.SLICE_MARGIN.toSeconds());
    return Json.mapper().writeValueAsBytes(request);
  }

  /** Invokes slice after slice until one answers {@code done}. */
  private static Run slices(
      ReleaseHandler handler, byte[] request, Duration box, PrintStream functionLog, Path log)
      throws Exception {
    int slices = 0;
    double seconds = 0;
    while (true) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long t0 = System.nanoTime();
      handler.handleRequest(
          new ByteArrayInputStream(request),
          out,
          new TimedContext(
              "bench-vehicle",
              ReleaseWorkflow.VEHICLE_ALIAS,
              UUID.randomUUID().toString(),
              box.plus(ReleaseWorkflow.SLICE_MARGIN),
              functionLog));
      seconds += (System.nanoTime() - t0) / 1e9;
      slices++;
      if (out.size() > ReleaseWorkflow.MAX_ANSWER_BYTES) {
        throw new IllegalStateException(
            "slice " + slices + " answered " + out.size() + " bytes, over Step Functions' limit");
      }
      JsonNode answer = Json.mapper().readTree(out.toByteArray());
      Optional<ReleaseWorkflow.Outcome> outcome =
          ReleaseWorkflow.Outcome.of(answer.path(ReleaseWorkflow.OUTCOME_FIELD).asText(""));
      if (outcome.isEmpty() || outcome.get() == ReleaseWorkflow.Outcome.FAILED) {
        throw new IllegalStateException(
            "the workflow's slice "
                + slices
                + " ended it ("
                + outcome.map(ReleaseWorkflow.Outcome::wire).orElse(ReleaseWorkflow.NO_OUTCOME)
                + "): "
                + answer.path(ReleaseWorkflow.ERROR_FIELD)
                + " (function log: "
                + log
                + ")");
      }
      if (outcome.get() == ReleaseWorkflow.Outcome.DONE) {
        return new Run(slices, seconds);
      }
      for (String handOff :
          new String[] {ReleaseWorkflow.RUN_LONG_FIELD, ReleaseWorkflow.DISTRIBUTE_FIELD}) {
        if (answer.has(handOff)) {
          throw new IllegalStateException(
              "slice "
                  + slices
                  + " hands a step to the workflow's "
                  + handOff
                  + ", which this bench does not run: "
                  + answer.get(handOff));
        }
      }
      if (slices >= 10_000) {
        throw new IllegalStateException("10,000 slices and still more to do");
      }
    }
  }
}
