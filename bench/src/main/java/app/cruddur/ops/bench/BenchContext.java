package app.cruddur.ops.bench;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.LocalEndpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What benchmarks share: the repository, BENCHMARKS.md, the runner jar, the sizes asked for, and a
 * local environment of their own in {@code bench/.work/local} (started once, stopped at the end; on
 * its kept ports, or on free ones when another process holds them: {@link BenchPorts}).
 */
public final class BenchContext implements AutoCloseable {
  /** Multiplies every benchmark's volume (1 = the sizes of the issue); below 1 for trial runs. */
  public static final String SCALE_ENV = "BENCH_SCALE";

  /** How many times each measurement is repeated (the median is reported). */
  public static final String REPEATS_ENV = "BENCH_REPEATS";

  private final Path root;
  private final double scale;
  private final int repeats;
  private LocalEnvironment local;
  private LocalEndpoints endpoints;
  private boolean closed;

  BenchContext(Path root, Map<String, String> env) {
    this.root = root;
    this.scale = parse(env, SCALE_ENV, 1.0);
    this.repeats = (int) parse(env, REPEATS_ENV, 3);
    if (scale <= 0 || repeats < 1) {
      throw new IllegalArgumentException(SCALE_ENV + " must be > 0 and " + REPEATS_ENV + " >= 1");
    }
  }

  private static double parse(Map<String, String> env, String name, double fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "='" + v + "' is not a number");
    }
  }

  public Path root() {
    return root;
  }

  public Path report() {
    return root.resolve("BENCHMARKS.md");
  }

  /** Scratch space of the benchmarks (git-ignored). */
  public Path work() {
    return root.resolve("bench").resolve(".work");
  }

  /** The benchmarks' local environment directory. */
  public Path localDir() {
    return work().resolve("local");
  }

  /** The runner's jar, as {@code ./cruddur} runs it. */
  public Path runnerJar() {
    Path jar = root.resolve("runner/target/cruddur.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run the benchmarks with bench/run, which builds it");
    }
    return jar;
  }

  /**
   * {@code ./cruddur}: the command as users run it (the launcher: the runner's jar on the JVM with
   * class data sharing). Its first run after a build records the archive later runs map.
   */
  public List<String> cruddur() {
    runnerJar();
    return List.of(root.resolve("cruddur").toString());
  }

  /** The java of this JVM, for subprocesses. */
  public String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code size} times BENCH_SCALE, at least {@code floor}. */
  public long scaled(long size, long floor) {
    return Math.max(floor, Math.round(size * scale));
  }

  public double scale() {
    return scale;
  }

  public int repeats() {
    return repeats;
  }

  /**
   * True when the sizes are not the or a measurement is not repeated: the report says it is
   * a trial.
   */
  public boolean trial() {
    return scale != 1.0 || repeats < 3;
  }

  /** The command that reproduces a benchmark's section, for the report. */
  public String command(String name) {
    List<String> env = new ArrayList<>();
    if (scale != 1.0) {
      env.add(SCALE_ENV + "=" + String.format(Locale.ROOT, "%s", stripZeros(scale)));
    }
    if (repeats != 3) {
      env.add(REPEATS_ENV + "=" + repeats);
    }
    return (env.isEmpty() ? "" : String.join(" ", env) + " ") + "bench/run " + name;
  }

  private static String stripZeros(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** A line for the top of a section: full size, or a trial at a fraction of it. */
  public String sizeNote() {
    String load =
        " Load average when it started: "
            + loadAverage()
            + " on "
            + Runtime.getRuntime().availableProcessors()
            + " cores.";
    return trial()
        ? "**Trial run** ("
            + SCALE_ENV
            + "="
            + stripZeros(scale)
            + (scale == 1.0 ? ", full sizes" : ", sizes scaled down")
            + "; "
            + repeats
            + " repetition(s)), to validate the benchmark end to end: numbers are indicative only."
            + " Run `bench/run` on a quiet machine for the figures."
            + load
        : repeats + " repetitions of each measurement; medians, with min–max." + load;
  }

  /** The 1-minute load average ("?" off Linux): how busy the machine was. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }

  /** Starts (once) and returns the benchmarks' local environment. */
  public synchronized LocalEndpoints local() {
    if (closed) {
      throw new IllegalStateException("the benchmark context is closed");
    }
    if (endpoints == null) {
      local = LocalEnvironment.at(localDir());
      if (!local.status().up()) {
        local.up(BenchPorts.toAskFor(local.keptPorts(), localDir(), System.err::println));
      }
      endpoints = local.endpoints();
    }
    return endpoints;
  }

  /** A fresh PostgreSQL database in the local environment, dropped when closed. */
  public BenchDatabase database(String name) {
    return BenchDatabase.create(local(), name);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (local != null) {
      local.down();
    }
  }
}
