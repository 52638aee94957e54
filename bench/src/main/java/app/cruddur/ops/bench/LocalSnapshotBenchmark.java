package app.cruddur.ops.bench;

import app.cruddur.ops.moto.MotoLauncher;
import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.internal.dynamo.BatchWriter;
import app.cruddur.ops.runner.internal.local.MotoInstallation;
import app.cruddur.ops.runner.internal.local.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * "local-snapshot": how the local environment keeps moto's data across {@code local down}/{@code
 * up}, measured on a 100,000-message table, against the two other ways it could: moto's request
 * recorder (replayed at start) and a snapshot through the API (a parallel Scan at down, a
 * BatchWriteItem load at up). Ours: {@code ./cruddur local down} (moto writes its snapshot) and
 * {@code ./cruddur local up} (it restores it), whole commands, fork to exit.
 */
final class LocalSnapshotBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "local-snapshot";
  private static final String TABLE = "bench-snapshot";
  private static final Pattern RESTORE =
      Pattern.compile("\\(1 table, (\\d+) items;.*in ([\\d.]+) s\\)");
  private static final Duration LIMIT = Duration.ofMinutes(20);

  @Override
  public void run(BenchContext context) throws Exception {
    long messages = context.scaled(100_000, 2_000);
    List<Map<String, AttributeValue>> items = SeedItems.of(20, 10, messages);
    Path dir = context.work().resolve("snapshot-local");
    Path logs = context.work().resolve("logs").resolve(NAME);
    LocalEnvironment env = LocalEnvironment.at(dir);
    env.reset();
    int postgresPort = quietPort(21_000);
    List<String> cruddur = new ArrayList<>(context.cruddur());
    cruddur.addAll(
        List.of("--local-dir", dir.toString(), "--project-dir", context.root().toString()));
    Subprocess.Run first =
        Subprocess.ok(
            cli(
                context,
                logs,
                cruddur,
                "first-up",
                "local",
                "up",
                // away from the defaults, where every other environment on the machine looks
                "--postgres-port",
                Integer.toString(postgresPort),
                "--moto-port",
                Integer.toString(postgresPort + 1)),
            "local up");
    LocalEndpoints endpoints = env.status().endpoints().orElseThrow();
    double ourLoad;
    double apiScan;
    double apiLoad;
    List<Double> downs = new ArrayList<>();
    List<Double> ups = new ArrayList<>();
    List<Double> restores = new ArrayList<>();
    long snapshotBytes;
    long restoredItems = 0;
    String oursPool;
    String apiPool;
    try (BenchTables tables = new BenchTables(endpoints.awsEndpoint())) {
      long start = System.nanoTime();
      tables.createLoadedQuietly(TABLE, () -> load(tables.dynamo(), TABLE, items));
      ourLoad = (System.nanoTime() - start) / 1e9;
      Pool pool = Pool.create(endpoints.awsEndpoint());
      for (int rep = 1; rep <= context.repeats(); rep++) {
        downs.add(
            Subprocess.ok(cli(context, logs, cruddur, "down-" + rep, "local", "down"), "local down")
                .seconds());
        Subprocess.Run up =
            Subprocess.ok(cli(context, logs, cruddur, "up-" + rep, "local", "up"), "local up");
        ups.add(up.seconds());
        Matcher m = RESTORE.matcher(up.err());
        if (!m.find()) {
          throw new IllegalStateException("local up did not say what it restored:\n" + up.tail());
        }
        restoredItems = Long.parseLong(m.group(1));
        restores.add(Double.parseDouble(m.group(2)));
      }
      snapshotBytes = Files.size(dir.resolve("moto-state").resolve("state.pickle"));
      if (restoredItems != items.size() || tables.count(TABLE) != items.size()) {
        throw new IllegalStateException(
            "restored "
                + restoredItems
                + " items, "
                + tables.count(TABLE)
                + " in the table, of "
                + items.size());
      }
      oursPool = Pool.read(endpoints.awsEndpoint()).compare(pool);
      // the API's way: every item read back with a parallel scan, then written into a new table
      start = System.nanoTime();
      List<Map<String, AttributeValue>> scanned;
      try (DynamoDbClient patient = patientClient(endpoints.awsEndpoint())) {
        scanned = scan(patient, TABLE, 4);
      }
      apiScan = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      tables.createLoadedQuietly(
          TABLE + "-api", () -> load(tables.dynamo(), TABLE + "-api", scanned));
      apiLoad = (System.nanoTime() - start) / 1e9;
      tables.drop(TABLE + "-api");
      apiPool = pool.recreated(endpoints.awsEndpoint()).compare(pool);
    } finally {
      env.down();
    }
    Recorder recorder = recorder(context, dir, logs, items);
    env.reset();

    Stats down = new Stats(downs);
    Stats up = new Stats(ups);
    Stats restore = new Stats(restores);
    StringBuilder b = new StringBuilder(context.sizeNote()).append("\n\n");
    b.append("A table of ")
        .append(String.format(java.util.Locale.ROOT, "%,d", items.size()))
        .append(
            " items (the synthetic seed's messages and group rows: the model's key schema, its GSI"
                + " and stream) and a user pool with 2 users, in a local environment of its own"
                + " (bench/.work/snapshot-local). moto ")
        .append(MotoInstallation.pinnedVersion())
        .append(" on 127.0.0.1.\n\n");
    b.append(
        "- **ours**: `./cruddur --local-dir … local down` (the supervisor TERMs moto, which pickles"
            + " its DynamoDB, Streams and Cognito backends to `moto-state/state.pickle`, then stops"
            + " PostgreSQL) and `./cruddur --local-dir … local up` (moto unpickles it before it"
            + " answers; the restore's own time is the one moto reports in the start line), whole"
            + " commands, fork to exit. Ids, ARNs, creation times, subs, passwords and stream"
            + " records come back as they were.\n");
    b.append(
        "- **API snapshot**: what a snapshot through the public API costs: a parallel Scan (4"
            + " segments, every page) at down, and the same items written with the runner's"
            + " BatchWriter (BatchWriteItem of 25, 8 in flight) into a new table at up. moto gives"
            + " a new user pool id and overwrites a user's `sub` on AdminCreateUser, so subs and"
            + " pool ids could not come back that way.\n");
    b.append(
        "- **moto's recorder**: `moto_server` with `MOTO_ENABLE_RECORDING=True`, the same load,"
            + " then a fresh `moto_server` and `POST /moto-api/recorder/replay-recording`, which"
            + " replays every recorded request, reads included (the stream poller's GetRecords"
            + " would be recorded too). Its load runs with one writer: the recorder appends each"
            + " request from the request's thread, and with 8 writers the lines interleave and the"
            + " replay fails on the file. A replayed CreateUserPool gets a new id, so the recorded"
            + " AdminCreateUser calls for the old id fail: the pool comes back without its"
            + " users.\n\n");
    b.append(
        BenchReport.table(
            List.of("", "ours (moto's pickled state)", "API snapshot", "moto's recorder"),
            List.of(
                List.of(
                    "load the table (8 writers)",
                    BenchReport.number(ourLoad) + " s (snapshots taken while loading)",
                    "—",
                    BenchReport.number(recorder.load()) + " s (recording; 1 writer)"),
                List.of(
                    "at down",
                    down.describe() + " s (whole `local down`)",
                    BenchReport.number(apiScan) + " s (scan)",
                    "0 s (written as requests come)"),
                List.of(
                    "at up",
                    up.describe() + " s (whole `local up`), restore " + restore.describe() + " s",
                    BenchReport.number(apiLoad) + " s (load)",
                    BenchReport.number(recorder.replay()) + " s (replay)"),
                List.of(
                    "on disk",
                    mib(snapshotBytes),
                    "—",
                    mib(recorder.bytes()) + " (grows with every request)"),
                List.of("user pool back", oursPool, apiPool, recorder.pool()),
                List.of(
                    "items back",
                    String.format(java.util.Locale.ROOT, "%,d of %,d", restoredItems, items.size()),
                    String.format(java.util.Locale.ROOT, "%,d of %,d", items.size(), items.size()),
                    String.format(
                        java.util.Locale.ROOT, "%,d of %,d", recorder.items(), items.size())))));
    b.append("\nThe first `local up` of the empty environment took ")
        .append(BenchReport.number(first.seconds()))
        .append(" s (PostgreSQL and moto started, nothing to restore).\n");
    BenchReport.write(
        context.report(),
        NAME,
        "Local snapshot: moto's data across local down/up (100,000 items)",
        context.command(NAME),
        b.toString());
  }

  private static Subprocess.Run cli(
      BenchContext context, Path logs, List<String> cruddur, String name, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(cruddur);
    command.addAll(List.of(args));
    return Subprocess.run(name, command, Map.of(), context.root(), logs, LIMIT);
  }

  private static void load(
      DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items) {
    load(dynamo, table, items, BatchWriter.Settings.defaults());
  }

  private static void load(
      DynamoDbClient dynamo,
      String table,
      List<Map<String, AttributeValue>> items,
      BatchWriter.Settings settings) {
    new BatchWriter(dynamo, table, settings).write(items.iterator(), done -> {});
  }

  private static List<Map<String, AttributeValue>> scan(
      DynamoDbClient dynamo, String table, int segments) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(segments);
    try {
      List<Future<List<Map<String, AttributeValue>>>> parts = new ArrayList<>();
      for (int s = 0; s < segments; s++) {
        int segment = s;
        parts.add(
            pool.submit(
                () -> {
                  List<Map<String, AttributeValue>> part = new ArrayList<>();
                  for (ScanResponse page :
                      dynamo.scanPaginator(
                          b -> b.tableName(table).segment(segment).totalSegments(segments))) {
                    part.addAll(page.items());
                  }
                  return part;
                }));
      }
      List<Map<String, AttributeValue>> all = new ArrayList<>();
      for (Future<List<Map<String, AttributeValue>>> part : parts) {
        all.addAll(part.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /** What moto's recorder did with the same load. */
  record Recorder(double load, double replay, long bytes, long items, String pool) {}

  private static Recorder recorder(
      BenchContext context, Path dir, Path logs, List<Map<String, AttributeValue>> items)
      throws Exception {
    Path motoServer =
        MotoLauncher.locate(System.getenv())
            .or(
                () ->
                    Optional.of(context.root().resolve(".cruddur/moto-5.2.1/bin/moto_server"))
                        .filter(Files::isExecutable))
            .orElseThrow(() -> new IllegalStateException("no moto_server for the recorder"));
    Path recording = dir.resolve("recording.jsonl");
    Files.deleteIfExists(recording);
    int port = Ports.firstFreeFrom(18800, java.util.Set.of()).orElseThrow();
    Process recordingMoto = moto(motoServer, port, recording, true, logs.resolve("recorder-1.log"));
    double load;
    Pool recorded;
    try (BenchTables tables = new BenchTables(URI.create("http://127.0.0.1:" + port))) {
      long start = System.nanoTime();
      // one writer: the recorder appends each request to its file from the request's thread, and
      // with 8 in flight the lines interleave and the file no longer parses (seen in a trial)
      tables.createLoadedQuietly(
          TABLE,
          () ->
              load(
                  tables.dynamo(),
                  TABLE,
                  items,
                  BatchWriter.Settings.of(new app.cruddur.ops.runner.api.WriteOptions(1))));
      load = (System.nanoTime() - start) / 1e9;
      recorded = Pool.create(URI.create("http://127.0.0.1:" + port));
    } finally {
      recordingMoto.destroy();
      recordingMoto.waitFor();
    }
    Process replaying = moto(motoServer, port, recording, false, logs.resolve("recorder-2.log"));
    try (BenchTables tables = new BenchTables(URI.create("http://127.0.0.1:" + port))) {
      long start = System.nanoTime();
      HttpResponse<String> replayed =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + port + "/moto-api/recorder/replay-recording"))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .timeout(LIMIT)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      double replay = (System.nanoTime() - start) / 1e9;
      if (replayed.statusCode() != 200) {
        throw new IllegalStateException("replay answered " + replayed.statusCode());
      }
      return new Recorder(
          load,
          replay,
          Files.size(recording),
          tables.count(TABLE),
          Pool.read(URI.create("http://127.0.0.1:" + port)).compare(recorded));
    } finally {
      replaying.destroy();
      replaying.waitFor();
      Files.deleteIfExists(recording);
    }
  }

  private static Process moto(Path motoServer, int port, Path recording, boolean record, Path log)
      throws Exception {
    Files.createDirectories(log.getParent());
    ProcessBuilder pb =
        new ProcessBuilder(motoServer.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("MOTO_RECORDER_FILEPATH", recording.toString());
    if (record) {
      pb.environment().put("MOTO_ENABLE_RECORDING", "True");
    }
    Process p = pb.start();
    MotoLauncher.awaitReady(p, port, log, Duration.ofMinutes(1), () -> Ports.answers(port));
    return p;
  }

  /**
   * A user pool with two users, as the local environment's dev users are made, and what came back
   * of it: the pool's id, each user's sub.
   *
   * @param id the pool's id (empty when there is none)
   * @param subs username → sub
   */
  record Pool(String id, Map<String, String> subs) {
    static final String NAME = "bench-snapshot-pool";

    static CognitoIdentityProviderClient cognito(URI endpoint) {
      return CognitoIdentityProviderClient.builder()
          .endpointOverride(endpoint)
          .region(Region.of(BenchTables.REGION))
          .credentialsProvider(localEngine())
          .httpClient(Apache5HttpClient.create())
          .build();
    }

    static Pool create(URI endpoint) {
      try (CognitoIdentityProviderClient cognito = cognito(endpoint)) {
        String id = cognito.createUserPool(b -> b.poolName(NAME)).userPool().id();
        for (String user : List.of("yaya2devops", "bayko")) {
          createUser(cognito, id, user);
        }
        return read(endpoint);
      }
    }

    private static void createUser(
        CognitoIdentityProviderClient cognito, String pool, String user, AttributeType... more) {
      List<AttributeType> attributes = new ArrayList<>(List.of(more));
      attributes.add(AttributeType.builder().name("email").value(user + "@example.com").build());
      cognito.adminCreateUser(
          b ->
              b.userPoolId(pool)
                  .username(user)
                  .messageAction(MessageActionType.SUPPRESS)
                  .userAttributes(attributes));
    }

    /** The pool named {@link #NAME} as it is now. */
    static Pool read(URI endpoint) {
      try (CognitoIdentityProviderClient cognito = cognito(endpoint)) {
        Optional<String> id =
            cognito.listUserPoolsPaginator(b -> b.maxResults(60)).userPools().stream()
                .filter(p -> p.name().equals(NAME))
                .map(UserPoolDescriptionType::id)
                .findFirst();
        Map<String, String> subs = new java.util.TreeMap<>();
        id.ifPresent(
            pool ->
                cognito
                    .listUsersPaginator(b -> b.userPoolId(pool))
                    .users()
                    .forEach(
                        u ->
                            subs.put(
                                u.username(),
                                u.attributes().stream()
                                    .filter(a -> a.name().equals("sub"))
                                    .map(AttributeType::value)
                                    .findFirst()
                                    .orElse(""))));
        return new Pool(id.orElse(""), subs);
      }
    }

    /**
     * What the API can do: a new pool of the same name, each user created again with its sub passed
     * as an attribute.
     */
    Pool recreated(URI endpoint) {
      try (CognitoIdentityProviderClient cognito = cognito(endpoint)) {
        cognito.deleteUserPool(b -> b.userPoolId(id));
        String newId = cognito.createUserPool(b -> b.poolName(NAME)).userPool().id();
        subs.forEach(
            (user, sub) ->
                createUser(
                    cognito, newId, user, AttributeType.builder().name("sub").value(sub).build()));
        return read(endpoint);
      }
    }

    /** "same pool id; 2 of 2 users, 2 with their sub" against {@code before}. */
    String compare(Pool before) {
      long users = before.subs().keySet().stream().filter(subs::containsKey).count();
      long sameSub =
          before.subs().entrySet().stream()
              .filter(e -> e.getValue().equals(subs.get(e.getKey())))
              .count();
      return (id.equals(before.id()) ? "same pool id" : id.isEmpty() ? "no pool" : "a new pool id")
          + "; "
          + users
          + " of "
          + before.subs().size()
          + " users, "
          + sameSub
          + " with their sub";
    }
  }

  /**
   * A client that waits as long as moto takes for a page of a parallel scan (moto reads the whole
   * table for every page of a segment: a minute and more per page at 100,000 items on a busy
   * machine).
   */
  private static DynamoDbClient patientClient(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.of(BenchTables.REGION))
        .credentialsProvider(localEngine())
        .overrideConfiguration(o -> o.apiCallTimeout(LIMIT).apiCallAttemptTimeout(LIMIT))
        .httpClient(Apache5HttpClient.builder().socketTimeout(LIMIT).build())
        .build();
  }

  /** The static credentials every local engine takes. */
  static StaticCredentialsProvider localEngine() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(BenchTables.ACCESS_KEY, BenchTables.SECRET_KEY));
  }

  /** A free port from {@code from} whose next one is free too. */
  private static int quietPort(int from) {
    for (int port = from; port < from + 1_000; port += 2) {
      if (Ports.isFree(port) && Ports.isFree(port + 1)) {
        return port;
      }
    }
    throw new IllegalStateException("no two free ports from " + from);
  }

  private static String mib(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
  }
}
