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

  /** The figures of one size. */
  private record Size(long messages, long items, Stats wall, Stats writer, long peakRssKb, GcLog heap) {}

  @Override
  public void run(BenchContext context) throws Exception {
    List<Size> sizes = new ArrayList<>();
    try (BenchDatabase db = context.database("bench_growth"); DynamoEngine moto = DynamoEngine.moto(context);
        BenchTables tables = new BenchTables(moto.endpoint())) {
      Subprocess.ok(Subprocess.run("growth-db-update", List.of(context.java(), "-jar", context.runnerJar().toString(),
          "--local-dir", context.localDir().toString(), "db", "update", "--db-url", db.url()), Map.of(), context.root(),
          SeedBenchmark.logs(context), Duration.ofMinutes(3)), "cruddur db update");
      String warm = "bench-growth-warmup"; // not measured: users in PostgreSQL, the jar in the page cache
      tables.create(warm);
      seed(context, db, moto, warm, 200, "warmup");
      tables.drop(warm);
      for (long base : SIZES) {
        long messages = context.scaled(base, 100);
        long items = SeedItems.count(GROUPS, messages);
        List<Double> wall = new ArrayList<>();
        List<Double> writer = new ArrayList<>();
        long peak = 0;
        GcLog heap = new GcLog(0, 0, 0, 0, 0);
        for (int rep = 1; rep <= context.repeats(); rep++) {
          String table = "bench-growth-" + messages + "-" + rep;
          tables.create(table);
          try {
            Path gc = SeedBenchmark.logs(context).resolve("growth-" + messages + "-gc.log");
            Files.deleteIfExists(gc);
            Subprocess.Run r = seed(context, db, moto, table, messages, "growth-" + messages, GcLog.options(gc));
            long count = tables.count(table);
            if (count != items) {
              throw new IllegalStateException("the seed of " + messages + " messages left " + count + " items, expected " + items);
            }
            wall.add(r.seconds());
            Matcher m = WRITER_MILLIS.matcher(r.out());
            writer.add(m.find() ? Long.parseLong(m.group(1)) / 1000.0 : r.seconds());
            peak = Math.max(peak, r.peakRssKb());
            heap = max(heap, GcLog.read(gc));
            System.err.printf(Locale.ROOT, "bench: growth %,d messages, run %d: %.2f s, peak RSS %s%n", messages, rep, r.seconds(),
                SeedBenchmark.mib(r.peakRssKb()));
          } finally {
            tables.drop(table);
          }
        }
        sizes.add(new Size(messages, items, new Stats(wall), new Stats(writer), peak, heap));
      }
    }
    BenchReport.write(context.report(), NAME, "Growth: seed time and memory at 1k / 10k / 100k messages", context.command(NAME),
        body(context, sizes));
  }

  private static Subprocess.Run seed(BenchContext context, BenchDatabase db, DynamoEngine engine, String table, long messages,
      String log, List<String> jvmOptions) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(context.java());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", context.runnerJar().toString(), "-o", "json", "ddb", "seed",
        "--messages", Long.toString(messages), "--users", Integer.toString(USERS), "--groups", Integer.toString(GROUPS),
        "--table", table, "--endpoint-url", engine.endpoint().toString(), "--region", BenchTables.REGION, "--db-url", db.url()));
    return Subprocess.ok(Subprocess.run(log, command, SeedBenchmark.awsEnv(), context.root(), SeedBenchmark.logs(context),
        Duration.ofMinutes(30)), "cruddur ddb seed --messages " + messages);
  }

  private static Subprocess.Run seed(BenchContext context, BenchDatabase db, DynamoEngine engine, String table, long messages,
      String log) throws Exception {
    return seed(context, db, engine, table, messages, log, List.of());
  }

  private static GcLog max(GcLog a, GcLog b) {
    return new GcLog(Math.max(a.collections(), b.collections()), Math.max(a.maxBeforeMb(), b.maxBeforeMb()),
        Math.max(a.maxAfterMb(), b.maxAfterMb()), Math.max(a.maxCommittedMb(), b.maxCommittedMb()),
        Math.max(a.exitUsedKb(), b.exitUsedKb()));
  }

  private static String body(BenchContext context, List<Size> sizes) {
    StringBuilder b = new StringBuilder();
    b.append(context.sizeNote()).append("\n\n");
    b.append("The whole command, `java -Xlog:gc,gc+heap+exit:file=… -jar runner/target/cruddur.jar -o json ddb seed --messages N"
        + " --users ").append(USERS).append(" --groups ").append(GROUPS).append(" --table T --endpoint-url <moto> --region us-east-1"
        + " --db-url postgresql://…`, as a child process on the local engine (moto), default JVM heap settings, a fresh table each"
        + " time. Wall time fork to exit; peak RSS is the child's VmHWM (/proc, sampled every 10 ms, max over the runs); the heap"
        + " figures come from its GC log (max over the runs): *live after GC* is the most heap still in use after a collection,"
        + " what the command really holds; *used before GC* is how far the heap filled before the collector ran, which follows"
        + " the collector's sizing more than the data.\n\n");
    List<List<String>> rows = new ArrayList<>();
    for (Size s : sizes) {
      rows.add(List.of(String.format(Locale.ROOT, "%,d", s.messages()), String.format(Locale.ROOT, "%,d", s.items()), s.wall().describe(),
          BenchReport.number(s.items() / s.wall().median()), BenchReport.number(s.items() / s.writer().median()),
          SeedBenchmark.mib(s.peakRssKb()), s.heap().collections() == 0 ? "no GC" : s.heap().maxAfterMb() + " MiB",
          s.heap().collections() == 0 ? SeedBenchmark.mib(s.heap().exitUsedKb()) + " (at exit)" : s.heap().maxBeforeMb() + " MiB",
          Integer.toString(s.heap().collections())));
    }
    b.append(BenchReport.table(List.of("messages", "items", "wall s, median (min–max)", "items/s (whole command)",
        "items/s (writer only)", "peak RSS", "heap live after GC", "heap used before GC", "GC pauses (max)"), rows));
    Size small = sizes.get(0);
    Size large = sizes.get(sizes.size() - 1);
    double volume = (double) large.items() / small.items();
    double rss = (double) large.peakRssKb() / Math.max(1, small.peakRssKb());
    b.append(String.format(Locale.ROOT, "%n%.0f× the items: %.2f× the peak RSS", volume, rss));
    if (large.heap().collections() > 0) {
      b.append(String.format(Locale.ROOT, ", live heap after GC at most %d MiB at the largest size", large.heap().maxAfterMb()));
    }
    b.append(". ").append(rss < 1.5 ? "Memory stays flat: the seed streams." : "**Memory grows with the volume: check the seed's streaming.**")
        .append('\n');
    return b.toString();
  }
}
