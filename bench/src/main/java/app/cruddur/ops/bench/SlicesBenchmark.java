package app.cruddur.ops.bench;

import app.cruddur.ops.model.ReleaseWorkflow;
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
 * run three ways, each on a fresh copy of the same items: whole, by one {@code cruddur release}; as
 * {@code cruddur release --time-box 10s} rerun until it exits 0 (exit 6 while work is left), as a
 * CI job with a time limit would; and as the release workflow's slices: the vehicle's handler
 * invoked in a JVM of its own, as a warm function, with the workflow's {@code Slice} request (the
 * execution's ARN as the lease owner, a function's remaining time of 10 s plus the slice's margin)
 * until it answers {@code done} (see {@link WorkflowSlices}). The overhead of slicing: the ledger,
 * the checkpoints read back and the segments' pages restarted per slice (and a JVM per slice for
 * the CLI). Every way must end with the table equal to the change applied to the seed, item for
 * item, and the ledger saying what the whole run's says (see {@link LedgerRows#sameAsWhole}); the
 * bench fails otherwise.
 */
final class SlicesBenchmark implements Benchmarks.Benchmark {
  static final String NAME = "slices";

  private static final long MESSAGES = 100_000;
  private static final Duration SLICE = Duration.ofSeconds(10);

  /** The context of every way: the CLI's on the local environment, and the vehicle's here. */
  private static final String CONTEXT = "dev";

  /**
   * One way of running it: how many processes or slices, their summed wall time, what its ledger
   * recorded.
   */
  private record Way(String variant, int slices, double seconds, String load, LedgerRows ledger) {}

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
      sameLedgerAsWhole(ways);
      tables.drop(sliced);

      String workflow = "bench-slices-workflow";
      BackfillBenchmark.seed(tables, workflow, items);
      try (BenchDatabase db = context.database("bench_slices_workflow")) {
        ways.add(workflow(context, db, project, workflow));
      }
      BackfillBenchmark.same(tables, workflow, expected, "the workflow's slices");
      sameLedgerAsWhole(ways);
      long releases = ways.get(ways.size() - 1).ledger().releases();
      if (releases != 1) {
        throw new IllegalStateException(
            "the workflow's slices recorded " + releases + " releases: one execution is one");
      }
      tables.drop(workflow);
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

  /** Fails loudly unless the last way's ledger says what the whole run's (the first) says. */
  private static void sameLedgerAsWhole(List<Way> ways) {
    Way last = ways.get(ways.size() - 1);
    LedgerRows.sameAsWhole(ways.get(0).ledger(), last.ledger(), last.variant());
  }

  /**
   * The release workflow's slices of the vehicle's handler, each with a {@link #SLICE} box, in a
   * JVM with the CLI's options.
   */
  private static Way workflow(BenchContext context, BenchDatabase db, Path project, String table)
      throws Exception {
    String load = BenchContext.loadAverage();
    String name = "slices-workflow";
    Path gc = SeedBenchmark.logs(context).resolve(name + "-gc.log");
    Files.deleteIfExists(gc);
    WorkflowSlices.Run r =
        WorkflowSlices.of(context.local(), "bench", CONTEXT, project, table, db, SLICE)
            .run(context, name, BackfillBenchmark.jvmOptions(gc));
    System.err.printf(Locale.ROOT, "bench: %s: %d slices, %.1f s%n", name, r.slices(), r.seconds());
    return new Way("workflow slices", r.slices(), r.seconds(), load, LedgerRows.read(db));
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
          options.isEmpty() ? "whole" : String.join(" ", options),
          processes,
          seconds,
          load,
          LedgerRows.read(db));
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
                + " way on a fresh copy of the same items and a fresh database, context %s."
                + " **`--time-box %ds`**: `./cruddur -o json release --time-box %ds` rerun while"
                + " it exits 6 (more), each a new JVM, as a CI job with a time limit. **Workflow"
                + " slices**: the release vehicle's handler (`ReleaseHandler`, one instance in one"
                + " JVM, as a warm function keeps it, with the CLI runs' JVM options: serial GC,"
                + " -Xmx64m) invoked with the release"
                + " workflow's `Slice` request (`{\"command\": \"release\", \"slice\":"
                + " {\"owner\": <execution ARN>, \"marginSeconds\": %d}}`, bytes in and out) and"
                + " a Lambda context whose remaining time is %d s + the margin, answer after"
                + " answer until `done`; its seconds are the invocations' (the JVM's start and the"
                + " handler's init, once, not counted; the CLI's rows count a JVM per process)."
                + " Every slice reads the ledger and the checkpoints back and"
                + " restarts each unfinished segment at its last checkpointed page.%n%n",
            items,
            BackfillBenchmark.SEGMENTS,
            page,
            CONTEXT,
            SLICE.toSeconds(),
            SLICE.toSeconds(),
            ReleaseWorkflow.SLICE_MARGIN.toSeconds(),
            SLICE.toSeconds()));
    b.append(
        "Checked, else the benchmark fails: each way's table equals the change applied to the"
            + " seed, item for item; each sliced way's ledger, its PAUSED rows (a slice that"
            + " stopped inside the step) set aside, has the whole run's rows in the same order"
            + " saying the same — step, description, kind, store, file, checksum, context,"
            + " outcome, error and the details with the whole run's counts —, every PAUSED row"
            + " is completed by a later row of its step, and each store has one identity; set"
            + " aside as what must differ: ids, times, who applied, the table's identity, and"
            + " the details' per-process fields ("
            + String.join(", ", new java.util.TreeSet<>(LedgerRows.PER_PROCESS))
            + "). The workflow's slices are one release (one release id). This section is"
            + " written only when every check passed.\n\n");
    b.append(
        "| way | processes / slices | seconds (summed) | items/s | vs whole | ledger rows"
            + " (PAUSED) | releases | load at start |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    double whole = ways.get(0).seconds();
    for (Way w : ways) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.0f | %.0f | %+.0f%% | %d (%d) | %d | %s |%n",
              w.variant(),
              w.slices(),
              w.seconds(),
              items / w.seconds(),
              (w.seconds() / whole - 1) * 100,
              w.ledger().rows().size(),
              w.ledger().paused(),
              w.ledger().releases(),
              w.load()));
    }
    double perSlice =
        ways.subList(1, ways.size()).stream()
            .mapToDouble(w -> w.seconds() / w.slices())
            .max()
            .orElse(0);
    b.append(
        String.format(
            Locale.ROOT,
            "%nA slice stops at the first page boundary after its time: with %d segments read at"
                + " once, it finishes the page under way in each, so on a slow engine a slice runs"
                + " past its %d s (here up to %.0f s a slice on average). The ways ran one after"
                + " the other on a shared machine whose load changed between them (last column): a"
                + " difference of that size is the machine's, not the slicing's.%n",
            BackfillBenchmark.READERS,
            SLICE.toSeconds(),
            perSlice));
    return b.toString();
  }
}
