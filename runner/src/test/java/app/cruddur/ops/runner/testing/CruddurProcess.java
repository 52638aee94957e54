package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Main;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code cruddur} as a separate process (for what needs one: concurrency, kill -9), on the test
 * class path, in the {@link HermeticEnvironment}, its output captured in files.
 */
public final class CruddurProcess {
  private final Process process;
  private final Path out;
  private final Path err;

  private CruddurProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code cruddur args...} with the shared local environment and {@code projectDir}. */
  public static CruddurProcess start(Path projectDir, String... args) {
    return start(projectDir, SharedLocalEnvironment.dir(), args);
  }

  /** Starts {@code cruddur args...} with the local environment in {@code localDir}. */
  public static CruddurProcess start(Path projectDir, Path localDir, String... args) {
    return startMain(Main.class, projectDir, localDir, args);
  }

  /**
   * Starts {@code main} of the test class path (a program of the tests' own that drives the API as
   * a host does, e.g. a release vehicle's slice) like {@code cruddur}: same JVM settings, the same
   * hermetic environment, the project and the local environment in its variables.
   */
  public static CruddurProcess startMain(
      Class<?> main, Path projectDir, Path localDir, String... args) {
    try {
      Path logs = Files.createDirectories(TestPaths.target("process-logs"));
      Path out = Files.createTempFile(logs, "out", ".txt");
      Path err = Files.createTempFile(logs, "err", ".txt");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  main.getName()));
      command.addAll(List.of(args));
      ProcessBuilder pb =
          HermeticEnvironment.apply(new ProcessBuilder(command))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put(Release.PROJECT_DIR_ENV, projectDir.toString());
      pb.environment().put(Invocation.LOCAL_DIR_ENV, localDir.toString());
      return new CruddurProcess(pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code reached} holds while the process runs (a liveness bound only): false when it
   * ended first, or did not get there within {@code bound}.
   */
  public boolean reaches(BooleanSupplier reached, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (reached.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** kill -9. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for it to end; fails the test if it takes longer than {@code timeout}. */
  public Cli.Result await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "cruddur did not finish within " + timeout + ":\n" + read(out) + read(err));
      }
      return new Cli.Result(process.exitValue(), read(out), read(err));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
