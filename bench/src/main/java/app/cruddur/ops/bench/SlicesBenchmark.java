package app.cruddur.ops.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * "slices": the backfill of {@link BackfillBenchmark} (100,000 messages, same step, same engine)
 * run whole by one {@code cruddur release}, and on a fresh copy of the same items as {@code cruddur
 * release --time-box 10s} rerun until it exits 0 (exit 6 while work is left), as a CI job with a
 * time limit or the release workflow's slices would: the overhead of slicing (a JVM, the ledger,
 * the checkpoints read back and the segments' pages restarted per slice). Both tables must end
 * equal to the change applied to the seed, item for item.
 */
final class SlicesBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "slices";

  private static final long MESSAGES = 100_000;
  private static final Duration SLICE = Duration.ofSeconds(10);

  /** One way of running it: how many processes, and their summed wall time. */
  private record Way(String variant, int processes, double seconds, String load) {}

  @Override
  public void run(BenchContext context) throws Exception {
    long messages = context.scaled(MESSAGES, 500);
    List<Map<String, AttributeValue>> items =
        SeedItems.of(BackfillBenchmark.USERS, BackfillBenchmark.GROUPS, messages);
    Map<String, Map<String, AttributeValue>> expected =
        BackfillBenchmark.expected(items, RawMigration.Mode.BATCH_REWRITE);
    int page = BackfillBenchmark.pageSize(items.size());
    Path project =
        BackfillBenchmark.project(
            context,
            "slices",
            BackfillBenchmark.BACKFILL_STEP.formatted(
                BackfillBenchmark.SEGMENTS, page, BackfillBenchmark.FILLED));
    List<Way> ways = new ArrayList<>();
    try (DynamoEngine moto = DynamoEngine.moto(context);
        BenchTables tables = new BenchTables(moto.endpoint())) {
      String whole = "bench-slices-whole";
      BackfillBenchmark.seed(tables, whole, items);
      try (BenchDatabase db = context.database("bench_slices_whole")) {
        ways.add(release(context, db, project, whole, "slices-whole", List.of()));
      }
      BackfillBenchmark.same(tables, whole, expected, "the whole run");
      tables.drop(whole);

      String sliced = "bench-slices-sliced";
      BackfillBenchmark.seed(tables, sliced, items);
      try (BenchDatabase db = context.database("bench_slices_sliced")) {
        ways.add(
            release(
                context,
                db,
                project,
                sliced,
                "slices-sliced",
                List.of("--time-box", SLICE.toSeconds() + "s")));
      }
      BackfillBenchmark.same(tables, sliced, expected, "the sliced run");
      tables.drop(sliced);
    }
    BenchReport.write(
        context.report(),
        NAME,
        String.format(
            Locale.ROOT,
            "Slices: the %,d-item backfill whole vs as %d s slices",
            items.size(),
            SLICE.toSeconds()),
        context.command(NAME),
        body(context, items.size(), page, ways));
  }

  /** Runs the release (with {@code options}) until it exits 0; exit 6 means more to do. */
  private static Way release(
      BenchContext context,
      BenchDatabase db,
      Path project,
      String table,
      String log,
      List<String> options)
      throws Exception {
    String load = BenchContext.loadAverage();
    Path gc = SeedBenchmark.logs(context).resolve(log + "-gc.log");
    double seconds = 0;
    int processes = 0;
    while (true) {
      List<String> command = new ArrayList<>(BackfillBenchmark.command(context, db, table));
      command.addAll(options);
      Files.deleteIfExists(gc);
      Subprocess.Run r =
          Subprocess.run(
              log + "-" + processes,
              command,
              BackfillBenchmark.env(project, gc),
              context.root(),
              SeedBenchmark.logs(context),
              Duration.ofMinutes(120));
      processes++;
      seconds += r.seconds();
      if (r.exit() == 6 && processes < 10_000) {
        continue;
      }
      Subprocess.ok(r, "cruddur release (" + log + ")");
      System.err.printf(Locale.ROOT, "bench: %s: %d processes, %.1f s%n", log, processes, seconds);
      return new Way(
          options.isEmpty() ? "whole" : String.join(" ", options), processes, seconds, load);
    }
  }

  private static String body(BenchContext context, long items, int page, List<Way> ways) {
    StringBuilder b = new StringBuilder();
    b.append(context.sizeNote()).append("\n\n");
    b.append(
        String.format(
            Locale.ROOT,
            "The backfill of the backfill benchmark (`sender = concat('@', user_handle)` on every"
                + " message, %,d items, %d segments, pages of %,d, budget unlimited) on moto, each"
                + " way on a fresh copy of the same items. Sliced: `./cruddur -o json release"
                + " --time-box %ds` rerun while it exits 6 (more), each a new JVM, as a CI job"
                + " with a time limit or the release workflow's slices; every slice reads the"
                + " ledger and the checkpoints back and restarts each unfinished segment at its"
                + " last checkpointed page. Both tables were compared item by item with the change"
                + " applied to the seed: identical.%n%n",
            items,
            BackfillBenchmark.SEGMENTS,
            page,
            SLICE.toSeconds()));
    b.append("| way | processes | seconds (summed) | items/s | vs whole | load at start |\n");
    b.append("|---|---|---|---|---|---|\n");
    double whole = ways.get(0).seconds();
    for (Way w : ways) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.0f | %+.0f%% | %s |%n",
              w.variant(),
              w.processes(),
              w.seconds(),
              items / w.seconds(),
              (w.seconds() / whole - 1) * 100,
              w.load()));
    }
    Way sliced = ways.get(ways.size() - 1);
    b.append(
        String.format(
            Locale.ROOT,
            "%nA slice stops at the first page boundary after its time: with %d segments read at"
                + " once, it finishes the page under way in each, so on a slow engine a slice runs"
                + " past its %d s (here %.0f s a slice on average). The two ways ran one after the"
                + " other on a shared machine whose load changed between them (last column): a"
                + " difference of that size is the machine's, not the slicing's.%n",
            BackfillBenchmark.READERS,
            SLICE.toSeconds(),
            sliced.seconds() / sliced.processes()));
    return b.toString();
  }
}
