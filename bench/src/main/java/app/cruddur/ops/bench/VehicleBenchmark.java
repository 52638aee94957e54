package app.cruddur.ops.bench;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/**
 * "vehicle": the release vehicle's package size and cold start. Lambda cannot run here, so the
 * measurable proxy of a cold start is what Lambda does on one: unpack the package into a task root
 * and start a fresh JVM that runs the handler once (here {@code LocalInvocation}, with the
 * function's environment and JVM options) against the local engines standing in for the stage. Side
 * by side in the same run: the runner's CLI jar doing the same release in a fresh JVM.
 */
final class VehicleBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "vehicle";
  private static final String TABLE = "bench-vehicle-messages";
  private static final String PROBE = "app.cruddur.ops.vehicle.ColdStartProbe";
  private static final List<String> LAMBDA_JVM =
      List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

  @Override
  public void run(BenchContext context) throws Exception {
    int repeats = Math.max(5, context.repeats());
    Path vehicleJar = context.root().resolve("vehicle/target/cruddur-vehicle-lambda.jar");
    if (!Files.isRegularFile(vehicleJar)) {
      throw new IllegalStateException(
          vehicleJar + " is missing: run the benchmarks with bench/run, which builds it");
    }
    Path taskRoot = context.work().resolve("vehicle-task");
    long unpacked = unpack(vehicleJar, taskRoot);
    var local = context.local();
    String poolId = createPool(local);
    Path logs = SeedBenchmark.logs(context);

    List<Double> vehicleNoop = new ArrayList<>();
    List<Double> vehicleNoopDefaultJit = new ArrayList<>();
    List<Double> cliNoop = new ArrayList<>();
    List<Double> initPhase = new ArrayList<>();
    List<Double> firstInvoke = new ArrayList<>();
    List<Double> secondInvoke = new ArrayList<>();
    long vehiclePeak = 0;
    long cliPeak = 0;
    double vehicleFirst;
    double cliFirst;
    try (BenchDatabase vehicleDb = context.database("bench_vehicle");
        BenchDatabase cliDb = context.database("bench_vehicle_cli");
        BenchTables tables = new BenchTables(local.awsEndpoint())) {
      tables.create(TABLE);
      Map<String, String> outputs =
          Map.of(DeploymentOutputs.TABLE_NAME, TABLE, DeploymentOutputs.USER_POOL_ID, poolId);
      Map<String, String> vehicleEnv = vehicleEnvironment(local, outputs, vehicleDb, taskRoot);
      List<String> vehicle = new ArrayList<>(List.of(context.java()));
      vehicle.addAll(LAMBDA_JVM);
      vehicle.addAll(
          List.of(
              "-Djava.io.tmpdir=" + context.work(),
              "-cp",
              taskRoot.toString(),
              "app.cruddur.ops.vehicle.LocalInvocation",
              "{\"command\":\"release\"}"));
      List<String> vehicleDefaultJit = new ArrayList<>(vehicle);
      vehicleDefaultJit.removeAll(LAMBDA_JVM);
      // the same JVM and package, the handler's init and two invocations timed inside it
      List<String> probe = new ArrayList<>(vehicle);
      probe.set(probe.indexOf("app.cruddur.ops.vehicle.LocalInvocation"), PROBE);

      Path outputsFile = context.work().resolve("vehicle-bench-outputs.json");
      Files.writeString(
          outputsFile,
          new ObjectMapper().writeValueAsString(Map.of("cruddur-bench-release", outputs)));
      List<String> cli = new ArrayList<>(List.of(context.java()));
      cli.addAll(LAMBDA_JVM);
      cli.addAll(
          List.of(
              "-jar",
              context.runnerJar().toString(),
              "release",
              "--aws",
              "--outputs",
              outputsFile.toString(),
              "--context",
              "test",
              "--db-url",
              cliDb.url(),
              "--project-dir",
              context.root().toString()));
      Map<String, String> cliEnv = new TreeMap<>(awsEnvironment(local));
      cliEnv.put("PGPASSWORD", cliDb.password());
      try {
        vehicleFirst =
            ok(
                    run("vehicle-first", vehicle, vehicleEnv, context, logs),
                    "the vehicle's first release",
                    "V001")
                .seconds();
        cliFirst =
            ok(run("cli-first", cli, cliEnv, context, logs), "the CLI's first release", "V001")
                .seconds();
        for (int rep = 0; rep < repeats; rep++) {
          Subprocess.Run v =
              ok(
                  run("vehicle-noop", vehicle, vehicleEnv, context, logs),
                  "the vehicle's no-op release",
                  "Nothing to do");
          vehicleNoop.add(v.seconds());
          vehiclePeak = Math.max(vehiclePeak, v.peakRssKb());
          vehicleNoopDefaultJit.add(
              ok(
                      run("vehicle-noop-jit", vehicleDefaultJit, vehicleEnv, context, logs),
                      "the vehicle's no-op release",
                      "Nothing to do")
                  .seconds());
          Subprocess.Run c =
              ok(
                  run("cli-noop", cli, cliEnv, context, logs),
                  "the CLI's no-op release",
                  "Nothing to do");
          cliNoop.add(c.seconds());
          cliPeak = Math.max(cliPeak, c.peakRssKb());
          Subprocess.Run p = run("vehicle-probe", probe, vehicleEnv, context, logs);
          Subprocess.ok(p, "the cold-start probe");
          JsonNode timings =
              new ObjectMapper().readTree(p.out().strip().lines().reduce((a, b) -> b).orElse("{}"));
          initPhase.add(
              (timings.path("processToMainMs").asDouble()
                      + timings.path("handlerInitMs").asDouble())
                  / 1000);
          firstInvoke.add(timings.path("firstInvokeMs").asDouble() / 1000);
          secondInvoke.add(timings.path("secondInvokeMs").asDouble() / 1000);
        }
      } finally {
        tables.drop(TABLE);
      }
    }

    long vehicleBytes = Files.size(vehicleJar);
    long cliBytes = Files.size(context.runnerJar());
    StringBuilder b = new StringBuilder();
    b.append(context.sizeNote().replace(context.repeats() + " repetition", repeats + " repetition"))
        .append("\n\n");
    b.append(
            "Lambda cannot run on this machine, so a cold start is measured by its proxy: the"
                + " package unpacked as Lambda unpacks it (into a task root), and a fresh JVM that"
                + " runs the handler once (`LocalInvocation` with `{\"command\":\"release\"}`),"
                + " with the function's environment and JVM options (`")
        .append(String.join(" ", LAMBDA_JVM))
        .append("`), against the local engines standing in for a stage (table `")
        .append(TABLE)
        .append(
            "`, a user pool, a fresh database). Wall time from fork to exit. Lambda's own start-up"
                + " (sandbox, VPC network interface, its Java runtime) comes on top and is not"
                + " measured here. Side by side, in the same run: the CLI jar (`java -jar"
                + " runner/target/cruddur.jar release --aws --outputs … --context test`), the same"
                + " release on a database of its own.\n\n");
    b.append(
        BenchReport.table(
            List.of("package", "size", "unpacked"),
            List.of(
                List.of(
                    "vehicle: `vehicle/target/cruddur-vehicle-lambda.jar` (no embedded PostgreSQL)",
                    SeedBenchmark.mib(vehicleBytes / 1024),
                    SeedBenchmark.mib(unpacked / 1024)),
                List.of(
                    "CLI: `runner/target/cruddur.jar` (with the embedded PostgreSQL binaries)",
                    SeedBenchmark.mib(cliBytes / 1024),
                    "–"))));
    b.append('\n');
    b.append(
        BenchReport.table(
            List.of("fresh JVM, handler once", "wall s, median (min–max)", "peak RSS"),
            List.of(
                List.of(
                    "vehicle, first release (schema, table checked, sync)",
                    BenchReport.number(vehicleFirst),
                    "–"),
                List.of("CLI jar, first release", BenchReport.number(cliFirst), "–"),
                List.of(
                    "vehicle, no-op release (as deployed: C1 only)",
                    new Stats(vehicleNoop).describe(),
                    SeedBenchmark.mib(vehiclePeak)),
                List.of(
                    "vehicle, no-op release (default JIT)",
                    new Stats(vehicleNoopDefaultJit).describe(),
                    "–"),
                List.of(
                    "CLI jar, no-op release (C1 only)",
                    new Stats(cliNoop).describe(),
                    SeedBenchmark.mib(cliPeak)))));
    b.append('\n');
    b.append(
        "**SnapStart** (on the function's published versions; the workflow invokes the alias"
            + " `live`) replaces a cold start's init phase by restoring a snapshot taken after it."
            + " Its proxy here: `ColdStartProbe` in the same fresh JVM as above, with the same"
            + " package and options, timing the init phase (the process's start, as the kernel"
            + " records it, to the handler constructed: what a restore replaces), the first no-op"
            + " release (what a restored environment still pays: the handler does all its work per"
            + " invocation) and a second one in the same JVM (the floor a snapshot primed by"
            + " running the release's code paths before it is taken could reach). The restore"
            + " itself happens in Lambda and is not measured here.\n\n");
    b.append(
        BenchReport.table(
            List.of("vehicle, no-op release", "s, median (min–max)"),
            List.of(
                List.of(
                    "fresh JVM, fork to exit (as above: no SnapStart)",
                    new Stats(vehicleNoop).describe()),
                List.of(
                    "init phase: process start to handler constructed (a restore replaces it)",
                    new Stats(initPhase).describe()),
                List.of(
                    "first invocation (SnapStart as deployed, plus the restore)",
                    new Stats(firstInvoke).describe()),
                List.of(
                    "second invocation in the same JVM (a primed snapshot's floor)",
                    new Stats(secondInvoke).describe()))));
    b.append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "SnapStart as deployed saves the init phase, %.0f%% of the fresh JVM's no-op release;"
                + " priming the snapshot with the release's code paths (a CRaC beforeCheckpoint"
                + " hook in the handler, which must not connect to anything) could bring the"
                + " invocation down to the second one's, %.0f%% of the first's.%n%n",
            100.0 * new Stats(initPhase).median() / new Stats(vehicleNoop).median(),
            100.0 * new Stats(secondInvoke).median() / new Stats(firstInvoke).median()));
    b.append(
        String.format(
            Locale.ROOT,
            "The vehicle's package is %.0f%% of the CLI jar; its no-op release takes %.2f× the"
                + " CLI's. Both fit Lambda's limits (250 MB unpacked; the release function's"
                + " timeout is 14 minutes).%n",
            100.0 * vehicleBytes / cliBytes,
            new Stats(vehicleNoop).median() / new Stats(cliNoop).median()));
    BenchReport.write(
        context.report(),
        NAME,
        "Release vehicle: package size and cold start",
        context.command(NAME),
        b.toString());
  }

  private static Map<String, String> vehicleEnvironment(
      app.cruddur.ops.runner.api.LocalEndpoints local,
      Map<String, String> outputs,
      BenchDatabase db,
      Path taskRoot)
      throws IOException {
    Map<String, String> env = new TreeMap<>(awsEnvironment(local));
    env.put(ReleaseVehicle.STAGE_ENV, "bench");
    env.put(ReleaseVehicle.RELEASE_CONTEXT_ENV, "test");
    env.put(ReleaseVehicle.PACKAGE_ENV, "bench");
    env.put(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV, new ObjectMapper().writeValueAsString(outputs));
    env.put("CRUDDUR_DATABASE_URL", db.url());
    env.put("PGPASSWORD", db.password());
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    // the vehicle reads its project from the package, never from the checkout
    env.put("CRUDDUR_PROJECT_DIR", taskRoot.resolve("cruddur-project").toString());
    return env;
  }

  /**
   * What Lambda gives a function, pointed at the local engines; nothing of the developer's AWS
   * set-up.
   */
  static Map<String, String> awsEnvironment(app.cruddur.ops.runner.api.LocalEndpoints local) {
    return Map.of(
        "AWS_ENDPOINT_URL",
        local.awsEndpoint().toString(),
        "AWS_REGION",
        local.region(),
        "AWS_ACCESS_KEY_ID",
        local.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY",
        local.secretAccessKey(),
        "AWS_SESSION_TOKEN",
        "",
        "AWS_PROFILE",
        "",
        "AWS_CONFIG_FILE",
        "/nonexistent",
        "AWS_SHARED_CREDENTIALS_FILE",
        "/nonexistent");
  }

  private static String createPool(app.cruddur.ops.runner.api.LocalEndpoints local) {
    try (CognitoIdentityProviderClient cognito =
        CognitoIdentityProviderClient.builder()
            .endpointOverride(local.awsEndpoint())
            .region(Region.of(local.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(local.accessKeyId(), local.secretAccessKey())))
            .build()) {
      String id = cognito.createUserPool(b -> b.poolName("bench-vehicle-pool")).userPool().id();
      cognito.adminCreateUser(
          b ->
              b.userPoolId(id)
                  .username("bayko@example.com")
                  .userAttributes(
                      AttributeType.builder()
                          .name(CognitoPool.EMAIL_ATTRIBUTE)
                          .value("bayko@example.com")
                          .build(),
                      AttributeType.builder()
                          .name(CognitoPool.HANDLE_ATTRIBUTE)
                          .value("bayko")
                          .build()));
      return id;
    }
  }

  private static Subprocess.Run run(
      String name, List<String> command, Map<String, String> env, BenchContext context, Path logs)
      throws Exception {
    return Subprocess.run(name, command, env, context.work(), logs, Duration.ofMinutes(3));
  }

  private static Subprocess.Run ok(Subprocess.Run r, String what, String expected) {
    Subprocess.ok(r, what);
    if (!(r.out() + r.err()).contains(expected)) {
      throw new IllegalStateException(what + " did not say '" + expected + "':\n" + r.tail());
    }
    return r;
  }

  /** Unpacks {@code jar} into {@code dir} (emptied first); returns the bytes unpacked. */
  private static long unpack(Path jar, Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    long total = 0;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        Path target = dir.resolve(entry.getName()).normalize();
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          total += Files.copy(in, target);
        }
      }
    }
    return total;
  }
}
