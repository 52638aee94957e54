package app.cruddur.ops.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "growth": the whole {@code cruddur ddb seed} command at 1k, 10k and 100k messages on the local
 * engine (moto): wall time, peak resident memory (VmHWM) and the Java heap from the child's GC log.
 * The seed streams its items through a bounded queue, so memory should not follow the volume.
 */
final class GrowthBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "growth";
  private static final long[] SIZES = {1_000, 10_000, 100_000};
  private static final int USERS = 20;
  private static final int GROUPS = 10;
  private static final Pattern WRITER_MILLIS = Pattern.compile("\"elapsedMillis\"\\s*:\\s*(\\d+)");

  /** A small heap for the largest seed: a seed that held its items could not run in it. */
  private static final String CAPPED_HEAP = "-Xmx64m";

  /** The largest size once more, in a small heap. */
  private record Capped(
      long messages, boolean ok, int exit, double seconds, long peakRssKb, GcLog heap) {}

  /** The figures of one size. */
  private record Size(
      long messages, long items, Stats wall, Stats writer, long peakRssKb, GcLog heap) {}

  @Override
  public void run(BenchContext context) throws Exception {
    List<Size> sizes = new ArrayList<>();
    Capped capped;
    try (BenchDatabase db = context.database("bench_growth");
        DynamoEngine moto = DynamoEngine.moto(context);
        BenchTables tables = new BenchTables(moto.endpoint())) {
      Subprocess.ok(
          Subprocess.run(
              "growth-db-update",
              List.of(
                  context.java(),
                  "-jar",
                  context.runnerJar().toString(),
                  "--local-dir",
                  context.localDir().toString(),
                  "db",
                  "update",
                  "--db-url",
                  db.url()),
              Map.of(),
              context.root(),
              SeedBenchmark.logs(context),
              Duration.ofMinutes(3)),
          "cruddur db update");
      String warm =
          "bench-growth-warmup"; // not measured: users in PostgreSQL, the jar in the page cache
      tables.create(warm);
      seed(context, db, moto, warm, 200, "warmup");
      tables.drop(warm);
      for (long base : SIZES) {
        long messages = context.scaled(base, 100);
        long items = SeedItems.count(GROUPS, messages);
        List<Double> wall = new ArrayList<>();
        List<Double> writer = new ArrayList<>();
        long peak = 0;
        GcLog heap = GcLog.NONE;
        for (int rep = 1; rep <= context.repeats(); rep++) {
          String table = "bench-growth-" + messages + "-" + rep;
          tables.create(table);
          try {
            Path gc = SeedBenchmark.logs(context).resolve("growth-" + messages + "-gc.log");
            Files.deleteIfExists(gc);
            Subprocess.Run r =
                seed(context, db, moto, table, messages, "growth-" + messages, GcLog.options(gc));
            long count = tables.count(table);
            if (count != items) {
              throw new IllegalStateException(
                  "the seed of "
                      + messages
                      + " messages left "
                      + count
                      + " items, expected "
                      + items);
            }
            wall.add(r.seconds());
            Matcher m = WRITER_MILLIS.matcher(r.out());
            writer.add(m.find() ? Long.parseLong(m.group(1)) / 1000.0 : r.seconds());
            peak = Math.max(peak, r.peakRssKb());
            heap = max(heap, GcLog.read(gc));
            System.err.printf(
                Locale.ROOT,
                "bench: growth %,d messages, run %d: %.2f s, peak RSS %s%n",
                messages,
                rep,
                r.seconds(),
                SeedBenchmark.mib(r.peakRssKb()));
          } finally {
            tables.drop(table);
          }
        }
        sizes.add(new Size(messages, items, new Stats(wall), new Stats(writer), peak, heap));
      }
      // the proof of streaming: the largest size again in a heap far smaller than its items
      Size largest = sizes.get(sizes.size() - 1);
      String table = "bench-growth-capped";
      tables.create(table);
      try {
        Path gc = SeedBenchmark.logs(context).resolve("growth-capped-gc.log");
        Files.deleteIfExists(gc);
        List<String> options = new ArrayList<>(List.of(CAPPED_HEAP));
        options.addAll(GcLog.options(gc));
        Subprocess.Run r =
            Subprocess.run(
                "growth-capped",
                seedCommand(context, db, moto, table, largest.messages(), options),
                SeedBenchmark.awsEnv(),
                context.root(),
                SeedBenchmark.logs(context),
                Duration.ofMinutes(30));
        long count = r.exit() == 0 ? tables.count(table) : -1;
        capped =
            new Capped(
                largest.messages(),
                r.exit() == 0 && count == largest.items(),
                r.exit(),
                r.seconds(),
                r.peakRssKb(),
                GcLog.read(gc));
        System.err.printf(
            Locale.ROOT,
            "bench: growth %,d messages with %s: exit %d, %.2f s, peak RSS %s%n",
            largest.messages(),
            CAPPED_HEAP,
            r.exit(),
            r.seconds(),
            SeedBenchmark.mib(r.peakRssKb()));
      } finally {
        tables.drop(table);
      }
    }
    BenchReport.write(
        context.report(),
        NAME,
        "Growth: seed time and memory at 1k / 10k / 100k messages",
        context.command(NAME),
        body(context, sizes, capped));
  }

  private static Subprocess.Run seed(
      BenchContext context,
      BenchDatabase db,
      DynamoEngine engine,
      String table,
      long messages,
      String log,
      List<String> jvmOptions)
      throws Exception {
    return Subprocess.ok(
        Subprocess.run(
            log,
            seedCommand(context, db, engine, table, messages, jvmOptions),
            SeedBenchmark.awsEnv(),
            context.root(),
            SeedBenchmark.logs(context),
            Duration.ofMinutes(30)),
        "cruddur ddb seed --messages " + messages);
  }

  private static List<String> seedCommand(
      BenchContext context,
      BenchDatabase db,
      DynamoEngine engine,
      String table,
      long messages,
      List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(context.java());
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            context.runnerJar().toString(),
            "-o",
            "json",
            "ddb",
            "seed",
            "--messages",
            Long.toString(messages),
            "--users",
            Integer.toString(USERS),
            "--groups",
            Integer.toString(GROUPS),
            "--table",
            table,
            "--endpoint-url",
            engine.endpoint().toString(),
            "--region",
            BenchTables.REGION,
            "--db-url",
            db.url()));
    return command;
  }

  private static Subprocess.Run seed(
      BenchContext context,
      BenchDatabase db,
      DynamoEngine engine,
      String table,
      long messages,
      String log)
      throws Exception {
    return seed(context, db, engine, table, messages, log, List.of());
  }

  private static GcLog max(GcLog a, GcLog b) {
    return new GcLog(
        Math.max(a.collections(), b.collections()),
        Math.max(a.maxBeforeMb(), b.maxBeforeMb()),
        Math.max(a.maxAfterMb(), b.maxAfterMb()),
        Math.max(a.maxCommittedMb(), b.maxCommittedMb()),
        Math.max(a.exitUsedKb(), b.exitUsedKb()),
        a.full().secondHalfMaxMb() >= b.full().secondHalfMaxMb() ? a.full() : b.full());
  }

  private static String body(BenchContext context, List<Size> sizes, Capped capped) {
    StringBuilder b = new StringBuilder();
    b.append(context.sizeNote()).append("\n\n");
    b.append(
            "The whole command, `java -Xlog:gc,gc+heap+exit:file=… -jar runner/target/cruddur.jar"
                + " -o json ddb seed --messages N --users ")
        .append(USERS)
        .append(" --groups ")
        .append(GROUPS)
        .append(
            " --table T --endpoint-url <moto> --region us-east-1 --db-url postgresql://…`, as a"
                + " child process on the local engine (moto), default JVM heap settings, a fresh"
                + " table each time. Wall time fork to exit; peak RSS is the child's VmHWM (/proc,"
                + " sampled every 10 ms, max over the runs); the heap figures come from its GC log"
                + " (max over the runs): *live after GC* is the most heap still in use after a"
                + " collection, what the command really holds; *used before GC* is how far the heap"
                + " filled before the collector ran, which follows the collector's sizing more than"
                + " the data.\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (Size s : sizes) {
      rows.add(
          List.of(
              String.format(Locale.ROOT, "%,d", s.messages()),
              String.format(Locale.ROOT, "%,d", s.items()),
              s.wall().describe(),
              BenchReport.number(s.items() / s.wall().median()),
              BenchReport.number(s.items() / s.writer().median()),
              SeedBenchmark.mib(s.peakRssKb()),
              s.heap().collections() == 0 ? "no GC" : s.heap().maxAfterMb() + " MiB",
              s.heap().collections() == 0
                  ? SeedBenchmark.mib(s.heap().exitUsedKb()) + " (at exit)"
                  : s.heap().maxBeforeMb() + " MiB",
              Integer.toString(s.heap().collections())));
    }
    b.append(
        BenchReport.table(
            List.of(
                "messages",
                "items",
                "wall s, median (min–max)",
                "items/s (whole command)",
                "items/s (writer only)",
                "peak RSS",
                "heap live after GC",
                "heap used before GC",
                "GC pauses (max)"),
            rows));
    Size small = sizes.get(0);
    Size large = sizes.get(sizes.size() - 1);
    double volume = (double) large.items() / small.items();
    double rss = (double) large.peakRssKb() / Math.max(1, small.peakRssKb());
    long liveSmall =
        small.heap().collections() > 0
            ? small.heap().maxAfterMb()
            : small.heap().exitUsedKb() / 1024;
    long liveLarge = large.heap().maxAfterMb();
    b.append(
        String.format(
            Locale.ROOT,
            "%n%.0f× the items: %.2f× the peak RSS; the live heap after GC goes from %d to %d MiB.",
            volume,
            rss,
            liveSmall,
            liveLarge));
    b.append(
        String.format(
            Locale.ROOT,
            " The largest seed (%,d items) again with the heap capped, `%s`: %s.%n%n",
            large.items(),
            CAPPED_HEAP,
            capped.ok()
                ? String.format(
                    Locale.ROOT,
                    "every item written in %.2f s, peak RSS %s, live heap after GC at most %d MiB"
                        + " over %d GC pauses",
                    capped.seconds(),
                    SeedBenchmark.mib(capped.peakRssKb()),
                    capped.heap().maxAfterMb(),
                    capped.heap().collections())
                : "**failed** (exit "
                    + capped.exit()
                    + "; see bench/.work/logs/growth-capped.err)"));
    boolean flat = capped.ok() && liveLarge <= Math.max(2 * liveSmall, 32);
    b.append(
            flat
                ? "**Memory stays flat: the seed streams.** What it holds (the live heap) does not"
                    + " follow the volume, and the largest seed runs in "
                    + CAPPED_HEAP
                    + ". The peak RSS that does grow with the default settings is the collector"
                    + " letting the young generation grow (a default max heap of a quarter of the"
                    + " machine's memory), not data kept: see *used before GC*."
                : "**Memory grows with the volume: the seed does not stream as it should.**")
        .append('\n');
    return b.toString();
  }
}
