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
    all.put("cognito", new CognitoSyncBench());
    List<String> wanted = args.length > 1 ? List.of(args).subList(1, args.length) : List.copyOf(all.keySet());
    try (BenchContext context = new BenchContext(root)) {
      for (String name : wanted) {
        Benchmark b = all.get(name);
        if (b == null) {
          System.err.println("error: no benchmark '" + name + "'. Known: " + String.join(", ", all.keySet()));
          System.exit(2);
        }
        System.err.println("bench: " + name + " …");
        b.run(context);
      }
    }
  }
}
