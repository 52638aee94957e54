package app.cruddur.ops.bench;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * "backfill": a {@code dynamodb-migration} over 100,000 items on the local engine (moto), side by
 * side in one run with the bare programs of the same engine (same segments, same writer pool): the
 * engine's own calls (conditional UpdateItem) and the ceiling (unconditional BatchWriteItem). Ours
 * is the whole {@code ./cruddur release} in a 64 MiB heap (memory flat: it streams). Then the same
 * backfill killed with SIGKILL at five random points and resumed: the table must equal the
 * uninterrupted run's item for item, and no finished segment may be read again (the read log counts
 * it). Last, re-keys (the project's V010) at two table sizes, which moto's transactions make cost
 * in proportion to the table.
 */
final class BackfillBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "backfill";

  /** The attribute the backfill fills on every message. */
  static final String FILLED = "sender";

  private static final long MESSAGES = 100_000;

  /**
   * The table the write calls are timed on: small, moto's transactions and PartiQL copy the whole
   * table a call.
   */
  private static final long PROBE_MESSAGES = 1_000;

  /**
   * Re-keys at two sizes (moto's transactions cost in proportion to the table), on a seed of few
   * groups.
   */
  private static final long[] REKEY_MESSAGES = {200, 400};

  private static final int REKEY_GROUPS = 20;

  /**
   * Many groups: a parallel scan splits by partition key, so a few big partitions would leave
   * segments idle.
   */
  static final int USERS = 50;

  static final int GROUPS = 400;

  /**
   * Twice the engine's segments read at once: half of them finish early, so kills meet finished
   * segments.
   */
  static final int SEGMENTS = 16;

  /** The engine's default: segments read at once. */
  static final int READERS = 8;

  /** The engine's default writer pool. */
  private static final int WRITERS = 16;

  private static final String HEAP = "-Xmx64m";
  private static final int KILLS = 5;

  static final String BACKFILL_STEP =
      """
      kind: dynamodb-migration
      description: Bench backfill, a sender attribute on every message
      select:
        scan: {segments: %d, page_size: %d}
        when: "begins_with(pk, 'MSG#')"
      change:
        set:
          %s: "concat('@', user_handle)"
      budget: unlimited
      """;

  /**
   * Pages of this many items, four a segment or more, in every variant: kills fall between and
   * inside them.
   */
  static int pageSize(long items) {
    return (int) Math.max(50, items / (SEGMENTS * 4L));
  }

  /** One variant's run, and the machine's load average when it started. */
  private record Run(
      String variant,
      long items,
      long changed,
      double seconds,
      long peakRssKb,
      GcLog heap,
      String load) {
    double itemsPerSecond() {
      return changed / seconds;
    }
  }

  /** One kill: when, and how far the run had got. */
  private record Kill(double afterSeconds, long finishedSegments, long changedSoFar) {}

  /**
   * How far a killed run gets before its kill: this share of the items left, then a random part of
   * a second more.
   */
  private record KillPoint(double shareOfRest, long extraMillis) {}

  @Override
  public void run(BenchContext context) throws Exception {
    long messages = context.scaled(MESSAGES, 500);
    List<Map<String, AttributeValue>> items = SeedItems.of(USERS, GROUPS, messages);
    Map<String, Map<String, AttributeValue>> expected =
        expected(items, RawMigration.Mode.BATCH_REWRITE);
    int page = pageSize(items.size());
    Path project = project(context, "backfill", BACKFILL_STEP.formatted(SEGMENTS, page, FILLED));
    List<Run> runs = new ArrayList<>();
    List<Kill> kills = new ArrayList<>();
    long readsAfterFinish;
    long pagesReadAgain;
    long pagesRead;
    List<Run> rekeys = new ArrayList<>();
    WriteCallCosts.Result calls;
    try (DynamoEngine moto = DynamoEngine.moto(context);
        BenchTables tables = new BenchTables(moto.endpoint())) {
      // first, what each way of writing an item costs this engine, on a small table (moto's
      // transactions cost in proportion to it)
      List<Map<String, AttributeValue>> few =
          SeedItems.of(USERS, GROUPS, context.scaled(PROBE_MESSAGES, 250));
      seed(tables, "bench-backfill-calls", few);
      calls = new WriteCallCosts(tables.dynamo()).run("bench-backfill-calls", few, 200, 3);
      tables.drop("bench-backfill-calls");
      System.err.println("bench: backfill call costs: " + calls);

      // the three, each on a fresh copy of the same items
      String oursTable = "bench-backfill-ours";
      seed(tables, oursTable, items);
      try (BenchDatabase db = context.database("bench_backfill_ours")) {
        runs.add(ours(context, db, project, oursTable, "backfill-ours", items.size()));
      }
      same(tables, oursTable, expected, "ours");
      for (RawMigration.Mode mode :
          List.of(RawMigration.Mode.CONDITIONAL_UPDATE, RawMigration.Mode.BATCH_REWRITE)) {
        String table = "bench-backfill-" + mode.name().toLowerCase(Locale.ROOT);
        seed(tables, table, items);
        String load = BenchContext.loadAverage();
        RawMigration.Result r =
            new RawMigration(tables.dynamo(), SEGMENTS, READERS, WRITERS, page, mode).run(table);
        runs.add(new Run(mode.name(), r.scanned(), r.written(), r.nanos() / 1e9, 0, null, load));
        System.err.printf(
            Locale.ROOT,
            "bench: backfill raw %s: %,d written in %.1f s%n",
            mode,
            r.written(),
            r.nanos() / 1e9);
        same(tables, table, expected, mode.name());
        tables.drop(table);
      }

      // killed and resumed
      String resumed = "bench-backfill-resumed";
      seed(tables, resumed, items);
      Random random = new Random(20261201);
      try (BenchDatabase db = context.database("bench_backfill_resumed")) {
        for (int k = 0; k < KILLS; k++) {
          long done = k == 0 ? 0 : checkpointed(db);
          // past the checkpoints of the last kill by at least half a page, before the last page of
          // every segment
          long target =
              Math.min(
                  done
                      + Math.max(
                          page / 2,
                          Math.round((items.size() - done) * (0.1 + 0.2 * random.nextDouble()))),
                  items.size() - (long) SEGMENTS * page);
          if (target <= done) {
            throw new IllegalStateException(
                "no room for kill "
                    + (k + 1)
                    + " after "
                    + done
                    + " of "
                    + items.size()
                    + " items: the benchmark needs more items (BENCH_SCALE)");
          }
          kills.add(killWhen(context, db, project, resumed, target, random.nextInt(1500)));
        }
        runs.add(ours(context, db, project, resumed, "backfill-resumed", items.size()));
        readsAfterFinish =
            db.count(
                "SELECT count(*) FROM cruddur_migration_read r JOIN cruddur_migration_segment g"
                    + " USING (run_id, segment) WHERE g.finished AND r.read_at > g.updated_at");
        pagesRead = db.count("SELECT count(*) FROM cruddur_migration_read");
        pagesReadAgain =
            pagesRead
                - db.count(
                    "SELECT count(*) FROM (SELECT DISTINCT segment, coalesce(from_position::text,"
                        + " '') FROM cruddur_migration_read) d");
      }
      Map<String, Map<String, AttributeValue>> uninterrupted = tables.items(oursTable);
      Map<String, Map<String, AttributeValue>> afterKills = tables.items(resumed);
      if (!afterKills.equals(uninterrupted)) {
        throw new IllegalStateException(
            "the resumed table differs from the uninterrupted run's: "
                + differing(uninterrupted, afterKills)
                + " items differ or are missing");
      }
      if (readsAfterFinish != 0) {
        throw new IllegalStateException(
            readsAfterFinish + " pages of finished segments were read again after they finished");
      }
      tables.drop(resumed);
      tables.drop(oursTable);
      // written now and again below: a failure in the re-keys does not lose the 100,000-item
      // figures
      BenchReport.write(
          context.report(),
          NAME,
          title(items.size()),
          context.command(NAME),
          body(
              context,
              items.size(),
              calls,
              runs,
              kills,
              readsAfterFinish,
              pagesRead,
              pagesReadAgain,
              rekeys));

      // re-keys: the project's V010 on app-written keys
      Path rekeyProject =
          project(
              context,
              "rekey",
              Files.readString(context.root().resolve("seeders/V010__canonical_sort_keys.yaml"))
                      .replace("  scan: {}", "  scan: {segments: " + SEGMENTS + "}")
                  + "budget: unlimited\n");
      for (long base : REKEY_MESSAGES) {
        long n = context.scaled(base, base / 4);
        List<Map<String, AttributeValue>> naive = naive(SeedItems.of(USERS, REKEY_GROUPS, n));
        Map<String, Map<String, AttributeValue>> rekeyed =
            expected(naive, RawMigration.Mode.TRANSACT_MOVE);
        String table = "bench-rekey-" + n;
        seed(tables, table, naive);
        try (BenchDatabase db = context.database("bench_rekey_" + n)) {
          rekeys.add(ours(context, db, rekeyProject, table, "rekey-ours-" + n, naive.size()));
        }
        same(tables, table, rekeyed, "re-key ours");
        for (RawMigration.Mode mode :
            List.of(RawMigration.Mode.TRANSACT_MOVE, RawMigration.Mode.BATCH_MOVE)) {
          seed(tables, table, naive);
          String load = BenchContext.loadAverage();
          RawMigration.Result r =
              new RawMigration(tables.dynamo(), SEGMENTS, READERS, WRITERS, Integer.MAX_VALUE, mode)
                  .run(table);
          rekeys.add(
              new Run(
                  mode.name() + " " + n, r.scanned(), r.written(), r.nanos() / 1e9, 0, null, load));
          same(tables, table, rekeyed, "re-key " + mode);
        }
        tables.drop(table);
      }
    }
    BenchReport.write(
        context.report(),
        NAME,
        title(items.size()),
        context.command(NAME),
        body(
            context,
            items.size(),
            calls,
            runs,
            kills,
            readsAfterFinish,
            pagesRead,
            pagesReadAgain,
            rekeys));
  }

  private static String title(long items) {
    return "Backfill: a dynamodb-migration over "
        + String.format(Locale.ROOT, "%,d", items)
        + " items vs the bare programs of the same engine";
  }

  static void seed(BenchTables tables, String table, List<Map<String, AttributeValue>> items)
      throws InterruptedException {
    // loaded before its stream is on: the local stream poller sees only what the measured run
    // writes
    tables.createLoadedQuietly(
        table, () -> new RawBatchLoop(tables.dynamo(), 8, items).write(table));
    if (tables.count(table) != items.size()) {
      throw new IllegalStateException(
          "seeding " + table + " left " + tables.count(table) + " items, expected " + items.size());
    }
  }

  static Map<String, Map<String, AttributeValue>> expected(
      List<Map<String, AttributeValue>> items, RawMigration.Mode mode) {
    Map<String, Map<String, AttributeValue>> all = new HashMap<>();
    for (Map<String, AttributeValue> item : items) {
      boolean changes =
          mode == RawMigration.Mode.TRANSACT_MOVE
              || item.get(MessagesTable.PK).s().startsWith("MSG#");
      Map<String, AttributeValue> after = changes ? RawMigration.changed(item, mode) : item;
      all.put(after.get(MessagesTable.PK).s() + " / " + after.get(MessagesTable.SK).s(), after);
    }
    return all;
  }

  /**
   * The items with the sort keys a client without offsets writes ({@code
   * datetime.now().isoformat()}).
   */
  private static List<Map<String, AttributeValue>> naive(List<Map<String, AttributeValue>> items) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
      copy.put(
          MessagesTable.SK,
          AttributeValue.fromS(item.get(MessagesTable.SK).s().replace("+00:00", "")));
      out.add(copy);
    }
    return out;
  }

  static void same(
      BenchTables tables,
      String table,
      Map<String, Map<String, AttributeValue>> expected,
      String who) {
    Map<String, Map<String, AttributeValue>> actual = tables.items(table);
    if (!actual.equals(expected)) {
      throw new IllegalStateException(
          who
              + " left "
              + table
              + " with "
              + differing(expected, actual)
              + " of "
              + expected.size()
              + " items not as the change makes them");
    }
  }

  private static long differing(
      Map<String, Map<String, AttributeValue>> a, Map<String, Map<String, AttributeValue>> b) {
    long n = a.entrySet().stream().filter(e -> !e.getValue().equals(b.get(e.getKey()))).count();
    return n + b.keySet().stream().filter(k -> !a.containsKey(k)).count();
  }

  /** A project of its own whose one step is {@code step}. */
  static Path project(BenchContext context, String name, String step) throws Exception {
    Path dir = context.work().resolve("projects").resolve(name);
    Path seeders = Files.createDirectories(dir.resolve("seeders"));
    try (var old = Files.list(seeders)) {
      for (Path f : old.toList()) {
        Files.delete(f);
      }
    }
    Files.writeString(seeders.resolve("V001__migration.yaml"), step);
    return dir;
  }

  static List<String> command(BenchContext context, BenchDatabase db, String table) {
    List<String> command = new ArrayList<>(context.cruddur());
    command.addAll(
        List.of(
            "-o",
            "json",
            "--local-dir",
            context.localDir().toString(),
            "release",
            "--table",
            table,
            "--db-url",
            db.url()));
    return command;
  }

  static Map<String, String> env(Path project, Path gc) {
    Map<String, String> env = new HashMap<>(SeedBenchmark.awsEnv());
    env.put("CRUDDUR_PROJECT_DIR", project.toString());
    env.put("CRUDDUR_JAVA_OPTS", String.join(" ", jvmOptions(gc)));
    return env;
  }

  /** The JVM options of ours' runs: serial GC, a 64 MiB heap, the GC logged to {@code gc}. */
  static List<String> jvmOptions(Path gc) {
    List<String> options = new ArrayList<>(List.of("-XX:+UseSerialGC", HEAP));
    options.addAll(GcLog.options(gc));
    return options;
  }

  private static Run ours(
      BenchContext context, BenchDatabase db, Path project, String table, String log, long items)
      throws Exception {
    Path gc = SeedBenchmark.logs(context).resolve(log + "-gc.log");
    Files.deleteIfExists(gc);
    String load = BenchContext.loadAverage();
    Subprocess.Run r =
        Subprocess.run(
            log,
            command(context, db, table),
            env(project, gc),
            context.root(),
            SeedBenchmark.logs(context),
            Duration.ofMinutes(120));
    if (r.exit() == 4) {
      // an engine that did not answer in time (a loaded machine): a user reruns, and so does this;
      // the run resumes
      System.err.println(
          "bench: "
              + log
              + " exited 4 ("
              + r.tail().strip().lines().reduce((a, b) -> b).orElse("")
              + "); rerunning");
      r =
          Subprocess.run(
              log + "-rerun",
              command(context, db, table),
              env(project, gc),
              context.root(),
              SeedBenchmark.logs(context),
              Duration.ofMinutes(120));
    }
    Subprocess.ok(r, "cruddur release (" + log + ")");
    JsonNode details =
        Json.mapper().readTree(r.out()).get("result").get("applied").get(0).get("details");
    System.err.printf(
        Locale.ROOT,
        "bench: %s: %s in %.1f s, peak RSS %s%n",
        log,
        details.get("changed").asLong() + " changed",
        r.seconds(),
        SeedBenchmark.mib(r.peakRssKb()));
    return new Run(
        "ours",
        items,
        details.get("changed").asLong(),
        r.seconds(),
        r.peakRssKb(),
        GcLog.read(gc),
        load);
  }

  private static long checkpointed(BenchDatabase db) {
    if (db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'cruddur_migration_segment'")
        == 0) {
      return 0; // the release has not created its checkpoint tables yet
    }
    return db.count("SELECT coalesce(sum(scanned), 0) FROM cruddur_migration_segment");
  }

  /**
   * Starts the release and kills it with SIGKILL once its checkpoints count {@code items} items
   * read, {@code extraMillis} later: a random point, usually in the middle of a page.
   */
  private static Kill killWhen(
      BenchContext context,
      BenchDatabase db,
      Path project,
      String table,
      long items,
      long extraMillis)
      throws Exception {
    Path logs = SeedBenchmark.logs(context);
    Files.createDirectories(logs);
    Path gc = logs.resolve("backfill-killed-gc.log");
    ProcessBuilder pb =
        new ProcessBuilder(command(context, db, table))
            .directory(context.root().toFile())
            .redirectOutput(logs.resolve("backfill-killed.out").toFile())
            .redirectError(logs.resolve("backfill-killed.err").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env(project, gc));
    long start = System.nanoTime();
    Process p = pb.start();
    while (p.isAlive() && checkpointed(db) < items) {
      p.waitFor(50, TimeUnit.MILLISECONDS);
    }
    if (p.waitFor(extraMillis, TimeUnit.MILLISECONDS) || !p.isAlive()) {
      throw new IllegalStateException(
          "the release finished before its kill point ("
              + items
              + " items read): see "
              + logs.resolve("backfill-killed.err"));
    }
    p.descendants()
        .forEach(
            ProcessHandle
                ::destroyForcibly); // the launcher execs java; nothing should be left, to be sure
    p.destroyForcibly();
    p.waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    long finished = db.count("SELECT count(*) FROM cruddur_migration_segment WHERE finished");
    long changed = db.count("SELECT coalesce(sum(changed), 0) FROM cruddur_migration_segment");
    System.err.printf(
        Locale.ROOT,
        "bench: backfill killed after %.1f s: %d segments finished, %,d changed so far%n",
        seconds,
        finished,
        changed);
    return new Kill(seconds, finished, changed);
  }

  private static String body(
      BenchContext context,
      long items,
      WriteCallCosts.Result calls,
      List<Run> runs,
      List<Kill> kills,
      long readsAfterFinish,
      long pagesRead,
      long pagesReadAgain,
      List<Run> rekeys) {
    Run ours = runs.get(0);
    Run sameCalls = runs.get(1);
    Run ceiling = runs.get(2);
    Run resumed = runs.get(3);
    StringBuilder b = new StringBuilder();
    b.append(
            "One run of each (every run is minutes long on moto; the comparison is within the run,"
                + " each variant on a fresh copy of the same items). Load average when it started:"
                + " ")
        .append(BenchContext.loadAverage())
        .append(" on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores")
        .append(context.scale() == 1.0 ? "." : "; sizes scaled by " + context.scale() + ".")
        .append("\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "The change: `sender = concat('@', user_handle)` on every message of a %,d-item table"
                + " (`cruddur ddb seed`'s items: %d groups, %d users), a parallel scan in %d"
                + " segments, %d read at once, pages of %,d items (in every variant), %d writes in"
                + " flight, budget unlimited. *Ours* is `./cruddur -o json release` as a user runs"
                + " it (JVM start, ledger and checkpoints included) with"
                + " `CRUDDUR_JAVA_OPTS=\"-XX:+UseSerialGC %s\"`; the bare programs run in the"
                + " benchmark's JVM on one client.%n%n",
            items,
            GROUPS,
            USERS,
            SEGMENTS,
            READERS,
            pageSize(items),
            WRITERS,
            HEAP));
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "ours: `cruddur release` (conditional UpdateItem, checkpoints)",
            String.format(Locale.ROOT, "%,d", ours.changed()),
            BenchReport.number(ours.seconds()),
            BenchReport.number(ours.itemsPerSecond()),
            percent(ours.itemsPerSecond(), sameCalls.itemsPerSecond()),
            percent(ours.itemsPerSecond(), ceiling.itemsPerSecond()),
            ours.load()));
    rows.add(
        List.of(
            "bare program, the same calls (conditional UpdateItem)",
            String.format(Locale.ROOT, "%,d", sameCalls.changed()),
            BenchReport.number(sameCalls.seconds()),
            BenchReport.number(sameCalls.itemsPerSecond()),
            "100%",
            percent(sameCalls.itemsPerSecond(), ceiling.itemsPerSecond()),
            sameCalls.load()));
    rows.add(
        List.of(
            "bare program, the ceiling (BatchWriteItem, unconditional)",
            String.format(Locale.ROOT, "%,d", ceiling.changed()),
            BenchReport.number(ceiling.seconds()),
            BenchReport.number(ceiling.itemsPerSecond()),
            "",
            "100%",
            ceiling.load()));
    b.append(
        BenchReport.table(
            List.of(
                "variant",
                "items changed",
                "seconds",
                "items/s",
                "of the same calls",
                "of the ceiling",
                "load at start"),
            rows));
    GcLog heap = ours.heap();
    b.append(
        String.format(
            Locale.ROOT,
            "%nMemory of ours in `%s`: peak RSS %s, heap used before GC at most %d MiB (%d"
                + " collections). %s The three tables were compared item by item with the change"
                + " applied to the seed's items in the benchmark: identical.%n%n",
            HEAP,
            SeedBenchmark.mib(ours.peakRssKb()),
            heap.maxBeforeMb(),
            heap.collections(),
            liveSet(heap)));
    b.append(callCosts(calls, ours, sameCalls, ceiling));
    b.append(
        String.format(
            Locale.ROOT,
            "**Resume.** The same backfill on a fresh copy, killed with SIGKILL %d times at random"
                + " points (each once its checkpoints had 10–30%% of the items left behind it, plus"
                + " up to 1.5 s: mostly in the middle of a page), then run to the end:%n%n",
            kills.size()));
    List<List<String>> killRows = new ArrayList<>();
    int n = 1;
    for (Kill k : kills) {
      killRows.add(
          List.of(
              Integer.toString(n++),
              BenchReport.number(k.afterSeconds()),
              k.finishedSegments() + " of " + SEGMENTS,
              String.format(Locale.ROOT, "%,d", k.changedSoFar())));
    }
    b.append(
        BenchReport.table(
            List.of(
                "kill",
                "after s (JVM start included)",
                "segments finished",
                "items changed (checkpointed)"),
            killRows));
    b.append(
        String.format(
            Locale.ROOT,
            "%nThe last run finished in %s s. The final table equals the uninterrupted run's item"
                + " for item. Pages read of a segment after it had finished (the read log against"
                + " each segment's finish): **%d**. Pages read twice: %d of %d, each the page a"
                + " killed process was writing when it died (its items met again as already"
                + " done).%n%n",
            BenchReport.number(resumed.seconds()),
            readsAfterFinish,
            pagesReadAgain,
            pagesRead));
    b.append(
        "**Re-keys** (the project's `seeders/V010`: every sort key from the no-offset form to the"
            + " canonical one, so every item moves: a conditional put + delete in one"
            + " TransactWriteItems). moto copies the whole table, its stream included, for each"
            + " action of a transaction (and rolls a cancelled one back by restoring that copy,"
            + " which is why the runner sends moves to the local engine one at a time): a move"
            + " costs in proportion to the table, so these run at small sizes and the 100,000-item"
            + " comparison is the backfill above.\n\n");
    List<List<String>> rekeyRows = new ArrayList<>();
    for (Run r : rekeys) {
      rekeyRows.add(
          List.of(
              r.variant().equals("ours")
                  ? "ours (`cruddur release`, V010)"
                  : r.variant().startsWith("TRANSACT")
                      ? "bare: the same calls, TransactWriteItems one at a time"
                      : "bare: BatchWriteItem put + delete (neither atomic nor conditional)",
              String.format(Locale.ROOT, "%,d", r.items()),
              String.format(Locale.ROOT, "%,d", r.changed()),
              BenchReport.number(r.seconds()),
              BenchReport.number(r.itemsPerSecond()),
              BenchReport.number(r.seconds() * 1000 / Math.max(1, r.changed())),
              r.load()));
    }
    b.append(
        rekeyRows.isEmpty()
            ? "(not run yet)\n"
            : BenchReport.table(
                List.of(
                    "variant",
                    "table items",
                    "moved",
                    "seconds",
                    "items/s",
                    "ms per move",
                    "load at start"),
                rekeyRows));
    return b.toString();
  }

  /** The write calls' costs, and the bound they put on any backfill that writes on a condition. */
  private static String callCosts(
      WriteCallCosts.Result calls, Run ours, Run sameCalls, Run ceiling) {
    WriteCallCosts.Cost batch =
        calls.costs().stream().filter(c -> !c.conditional()).findFirst().orElseThrow();
    WriteCallCosts.Cost cheapest =
        calls.costs().stream()
            .filter(WriteCallCosts.Cost::conditional)
            .min(java.util.Comparator.comparingDouble(WriteCallCosts.Cost::millisPerItem))
            .orElseThrow();
    double gap = cheapest.millisPerItem() / batch.millisPerItem();
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "**Why ours stays at %s of the ceiling here.** What one item's write costs moto, call"
                + " by call, one client thread, on a table of %,d items (measured in this run,"
                + " before the backfills):%n%n",
            percent(ours.itemsPerSecond(), ceiling.itemsPerSecond()),
            calls.tableItems()));
    List<List<String>> rows = new ArrayList<>();
    for (WriteCallCosts.Cost c : calls.costs()) {
      rows.add(
          List.of(
              c.call(),
              c.conditional() ? "a condition an item" : "none",
              Integer.toString(c.itemsPerRequest()),
              String.format(Locale.ROOT, "%,d", c.items()),
              String.format(Locale.ROOT, "%.2f", c.millisPerItem()),
              String.format(Locale.ROOT, "%.1f×", c.millisPerItem() / batch.millisPerItem())));
    }
    b.append(
        BenchReport.table(
            List.of(
                "call",
                "condition",
                "items a request",
                "items timed",
                "ms an item",
                "vs BatchWriteItem"),
            rows));
    b.append(
        String.format(
            Locale.ROOT,
            "%nEvery write of a backfill must be conditional (on the item still being as it was"
                + " read: a rerun, a resumed segment or the app's concurrent write is never"
                + " overwritten), and BatchWriteItem takes no condition. The cheapest conditional"
                + " write on this engine is %s, at %.1f× BatchWriteItem's cost an item: moto spends"
                + " most of a single-item call on the request itself and on parsing its"
                + " expressions, which a batch of 25 pays once or not at all. The two calls that"
                + " carry a condition for each of many items in one request copy the whole table on"
                + " moto (TransactWriteItems, to roll back; BatchExecuteStatement, to run its"
                + " PartiQL over every item), so they cost in proportion to the table; asked again"
                + " with conditions that now fail, BatchExecuteStatement answered %s. So on moto"
                + " the writes of any backfill that writes on a condition cost at least %.1f× the"
                + " ceiling's, however it batches; ours (conditional UpdateItem, on the attributes"
                + " it reads and writes) reaches %s of a bare program making its calls. On DynamoDB"
                + " itself the limit is write units, not requests: a conditional UpdateItem and a"
                + " BatchWriteItem put cost the same unit an item (below, on paper).%n%n",
            cheapest.call(),
            gap,
            calls.failedConditionAnswer(),
            gap,
            percent(ours.itemsPerSecond(), sameCalls.itemsPerSecond())));
    return b.toString();
  }

  /**
   * The live set over the run, from what its full collections left (flat: no larger in the second
   * half than in the first).
   */
  private static String liveSet(GcLog heap) {
    GcLog.FullCollections full = heap.full();
    if (full.count() == 0) {
      return String.format(
          Locale.ROOT,
          "No full collection: the live set stayed below what a young one could free (at most %d"
              + " MiB after one).",
          heap.maxAfterMb());
    }
    return String.format(
        Locale.ROOT,
        "Live set (what its %d full collections left): at most %d MiB in the first half of the run,"
            + " at most %d MiB in the second%s.",
        full.count(),
        full.firstHalfMaxMb(),
        full.secondHalfMaxMb(),
        full.secondHalfMaxMb() <= full.firstHalfMaxMb() * 1.1
            ? ": flat, it does not grow with the items done"
            : ": it grew");
  }

  private static String percent(double a, double b) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * a / b);
  }
}
