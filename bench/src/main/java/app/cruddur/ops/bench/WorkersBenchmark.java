package app.cruddur.ops.bench;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A distributed backfill ({@code cruddur release --workers N}, N = 1, 2, 4, 8) on moto and on
 * dynalite, against the same engine's bare conditional program at the same concurrency (N times a
 * worker's readers and writers): the ceiling for conditional writes on that engine, as the backfill
 * benchmark established for one process. Each run on a fresh copy of the same items, compared item
 * by item with the change applied by the benchmark.
 */
final class WorkersBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "workers";
  private static final long MESSAGES = 2_000;
  private static final int USERS = 50;
  private static final int GROUPS = 100;
  private static final int SEGMENTS = 16;
  private static final int READERS_EACH = 8;
  private static final int WRITERS_EACH = 16;
  private static final int[] WORKERS = {1, 2, 4, 8};
  private static final String STEP =
      """
      kind: dynamodb-migration
      description: Bench backfill on workers, a sender attribute on every message
      select:
        scan: {segments: %d, page_size: %d}
        when: "begins_with(pk, 'MSG#')"
      change:
        set:
          %s: "concat('@', user_handle)"
      budget: unlimited
      """;

  /** One measured run. */
  private record Run(String engine, int workers, String variant, long written, double seconds) {
    double rate() {
      return written / seconds;
    }
  }

  @Override
  public void run(BenchContext context) throws Exception {
    long messages = context.scaled(MESSAGES, 200);
    List<Map<String, AttributeValue>> items = SeedItems.of(USERS, GROUPS, messages);
    Map<String, Map<String, AttributeValue>> expected = new HashMap<>();
    for (Map<String, AttributeValue> item : items) {
      Map<String, AttributeValue> after =
          item.get(MessagesTable.PK).s().startsWith("MSG#")
              ? RawMigration.changed(item, RawMigration.Mode.CONDITIONAL_UPDATE)
              : item;
      expected.put(
          after.get(MessagesTable.PK).s() + " / " + after.get(MessagesTable.SK).s(), after);
    }
    int page = (int) Math.max(25, items.size() / (SEGMENTS * 4L));
    Path project = context.work().resolve("projects").resolve(NAME);
    Files.createDirectories(project.resolve("seeders"));
    Files.writeString(
        project.resolve("seeders/V001__migration.yaml"),
        STEP.formatted(SEGMENTS, page, BackfillBenchmark.FILLED));
    List<Run> runs = new ArrayList<>();
    try (DynamoEngine moto = DynamoEngine.moto(context)) {
      measure(context, moto, false, project, items, expected, page, runs);
    }
    try (Dynalite dynalite = Dynalite.start(context)) {
      measure(context, dynalite, true, project, items, expected, page, runs);
    }
    BenchReport.write(
        context.report(),
        NAME,
        String.format(
            Locale.ROOT,
            "Distributed backfill: %,d items on 1, 2, 4 and 8 local workers",
            items.size()),
        context.command(NAME),
        body(runs, items.size()));
  }

  private static void measure(
      BenchContext context,
      DynamoEngine engine,
      boolean byEndpoint,
      Path project,
      List<Map<String, AttributeValue>> items,
      Map<String, Map<String, AttributeValue>> expected,
      int page,
      List<Run> runs)
      throws Exception {
    try (BenchTables tables = new BenchTables(engine.endpoint())) {
      for (int workers : WORKERS) {
        String table = "bench-workers-" + engine.name() + "-" + workers;
        seed(tables, table, items, byEndpoint);
        try (BenchDatabase db =
            context.database("bench_workers_" + engine.name() + "_" + workers)) {
          List<String> command = new ArrayList<>(context.cruddur());
          command.addAll(List.of("-o", "json"));
          if (byEndpoint) {
            command.addAll(
                List.of(
                    "release",
                    "--endpoint-url",
                    engine.endpoint().toString(),
                    "--region",
                    BenchTables.REGION,
                    "--context",
                    "dev"));
          } else {
            command.addAll(List.of("--local-dir", context.localDir().toString(), "release"));
          }
          command.addAll(
              List.of("--table", table, "--db-url", db.url(), "--workers", "" + workers));
          Map<String, String> env = new HashMap<>(SeedBenchmark.awsEnv());
          env.put("CRUDDUR_PROJECT_DIR", project.toString());
          Subprocess.Run r =
              Subprocess.ok(
                  Subprocess.run(
                      "workers-" + engine.name() + "-" + workers,
                      command,
                      env,
                      context.root(),
                      SeedBenchmark.logs(context),
                      Duration.ofMinutes(60)),
                  "cruddur release --workers " + workers + " on " + engine.name());
          JsonNode details =
              Json.mapper().readTree(r.out()).get("result").get("applied").get(0).get("details");
          runs.add(
              new Run(
                  engine.name(),
                  workers,
                  "ours",
                  details.get("changed").asLong(),
                  details.get("elapsedMillis").asLong() / 1000.0));
          System.err.printf(
              Locale.ROOT,
              "bench: workers %s %d: %d changed in %.1f s (whole command %.1f s)%n",
              engine.name(),
              workers,
              details.get("changed").asLong(),
              details.get("elapsedMillis").asLong() / 1000.0,
              r.seconds());
        }
        same(tables, table, expected, "ours, " + workers + " workers on " + engine.name());
        tables.drop(table);
        tables.drop(MigrationWorkers.controlTableFor(table));

        seed(tables, table, items, byEndpoint);
        RawMigration.Result raw =
            new RawMigration(
                    tables.dynamo(),
                    SEGMENTS,
                    Math.min(SEGMENTS, READERS_EACH * workers),
                    WRITERS_EACH * workers,
                    page,
                    RawMigration.Mode.CONDITIONAL_UPDATE)
                .run(table);
        runs.add(new Run(engine.name(), workers, "bare", raw.written(), raw.nanos() / 1e9));
        same(tables, table, expected, "the bare program on " + engine.name());
        tables.drop(table);
      }
    }
  }

  /**
   * The items in a fresh table; on the local environment's moto with the stream turned on after the
   * load (its poller reads only what the measured run writes); dynalite has no poller and no stream
   * updates.
   */
  private static void seed(
      BenchTables tables, String table, List<Map<String, AttributeValue>> items, boolean plain)
      throws InterruptedException {
    if (plain) {
      tables.create(table);
      new RawBatchLoop(tables.dynamo(), 8, items).write(table);
    } else {
      tables.createLoadedQuietly(
          table, () -> new RawBatchLoop(tables.dynamo(), 8, items).write(table));
    }
  }

  private static void same(
      BenchTables tables,
      String table,
      Map<String, Map<String, AttributeValue>> expected,
      String who) {
    if (!tables.items(table).equals(expected)) {
      throw new IllegalStateException(who + " left " + table + " not as the change makes it");
    }
  }

  private static String body(List<Run> runs, int items) {
    List<List<String>> rows = new ArrayList<>();
    for (Run ours : runs) {
      if (!ours.variant().equals("ours")) {
        continue;
      }
      Run bare =
          runs.stream()
              .filter(
                  r ->
                      r.variant().equals("bare")
                          && r.engine().equals(ours.engine())
                          && r.workers() == ours.workers())
              .findFirst()
              .orElseThrow();
      rows.add(
          List.of(
              ours.engine(),
              Integer.toString(ours.workers()),
              String.format(Locale.ROOT, "%,d", ours.written()),
              String.format(Locale.ROOT, "%.2f", ours.seconds()),
              BenchReport.number(ours.rate()),
              String.format(
                  Locale.ROOT,
                  "%d readers, %d writers",
                  Math.min(SEGMENTS, READERS_EACH * ours.workers()),
                  WRITERS_EACH * ours.workers()),
              BenchReport.number(bare.rate()),
              String.format(Locale.ROOT, "%.0f%%", 100 * ours.rate() / bare.rate())));
    }
    return "Each row: `cruddur release --workers N` (the step's own time, from its ledger details:"
        + " the run found or started in the control table, N worker JVMs started, every segment"
        + " claimed, written and recorded, the totals read back), and the bare conditional"
        + " program (`RawMigration`, conditional UpdateItem, no plan, budget, checkpoint or"
        + " re-read) in the benchmark's JVM with N workers' readers and writers. "
        + String.format(Locale.ROOT, "%,d items, %d segments, budget unlimited.", items, SEGMENTS)
        + " Both tables compared item by item with the change applied by the benchmark.\n\n"
        + BenchReport.table(
            List.of(
                "engine",
                "workers",
                "changed",
                "seconds",
                "items/s",
                "bare at the same concurrency",
                "bare items/s",
                "of bare"),
            rows);
  }
}
