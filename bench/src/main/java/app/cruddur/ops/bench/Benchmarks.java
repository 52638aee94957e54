package app.cruddur.ops.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code bench/run}: runs the named benchmarks (all by default), each writing its
 * section of BENCHMARKS.md.
 */
public final class Benchmarks {
  /** One benchmark. */
  public interface Benchmark {
    /** Runs and writes its section. */
    void run(BenchContext context) throws Exception;
  }

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Map<String, Benchmark> all = new LinkedHashMap<>();
    // Registered benchmarks, in the order bench/run runs them.
    all.put(SeedBenchmark.NAME, new SeedBenchmark());
    all.put(NoopReleaseBenchmark.NAME, new NoopReleaseBenchmark());
    all.put(GrowthBenchmark.NAME, new GrowthBenchmark());
    all.put("cognito", new CognitoSyncBench());
    all.put(VehicleBenchmark.NAME, new VehicleBenchmark());
    all.put(BackfillBenchmark.NAME, new BackfillBenchmark());
    all.put(WorkersBenchmark.NAME, new WorkersBenchmark());
    all.put(SlicesBenchmark.NAME, new SlicesBenchmark());
    all.put(LocalSnapshotBenchmark.NAME, new LocalSnapshotBenchmark());
    List<String> wanted =
        args.length > 1 ? List.of(args).subList(1, args.length) : List.copyOf(all.keySet());
    for (String name : wanted) {
      if (!all.containsKey(name)) {
        System.err.println(
            "error: no benchmark '" + name + "'. Known: " + String.join(", ", all.keySet()));
        System.exit(2);
      }
    }
    BenchContext context;
    try {
      context = new BenchContext(root, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage() + ". Fix the variable or unset it");
      System.exit(2);
      return;
    }
    // Ctrl-C: the local environment is stopped all the same (engines the benchmarks start have
    // their own hooks)
    Thread cleanup = new Thread(context::close, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try (context) {
      for (String name : wanted) {
        System.err.println("bench: " + name + " …");
        long start = System.nanoTime();
        all.get(name).run(context);
        System.err.printf(
            java.util.Locale.ROOT,
            "bench: %s done in %.0f s; section %s of %s rewritten%n",
            name,
            (System.nanoTime() - start) / 1e9,
            name,
            context.report());
      }
    }
    Runtime.getRuntime().removeShutdownHook(cleanup);
  }
}
