package app.cruddur.ops.moto;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * moto's server mode, the local AWS engine: one process serving DynamoDB, DynamoDB Streams and
 * Cognito on a loopback port. Found, started and waited for here, the one way, by the runner's
 * local environment (and so the benchmarks, which use it) and by the functions' tests.
 */
public final class MotoLauncher {
  /** Environment variable naming the moto_server executable, when it is not on PATH. */
  public static final String EXECUTABLE_ENV = "CRUDDUR_MOTO_SERVER";

  /** What to tell someone who does not have it. */
  public static final String INSTALL_HINT =
      "Install it with: pip install \"moto[server]\" (or set " + EXECUTABLE_ENV + " to its path)";

  /** The script that runs moto with its state kept on disk. */
  public static final String STATE_SCRIPT = "moto_with_state.py";

  private MotoLauncher() {}

  /** The moto_server executable: {@value #EXECUTABLE_ENV}, else the first on PATH. */
  public static Optional<Path> locate(Map<String, String> environment) {
    String explicit = environment.get(EXECUTABLE_ENV);
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String pathVariable = environment.getOrDefault("PATH", "");
    for (String entry : pathVariable.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path candidate = Path.of(entry, "moto_server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts moto on 127.0.0.1:{@code port}, its output appended to {@code log}; returns at once. */
  public static Process start(Path executable, int port, Path log) throws IOException {
    return start(executable, port, log, Map.of());
  }

  /**
   * Starts moto as {@link #start(Path, int, Path)} does, with {@code environment} added to this
   * process's. Step Functions' service integrations call back into moto on {@code MOTO_PORT}
   * (default 5000): an executing state machine needs it set (see {@link MotoApi}).
   */
  public static Process start(Path executable, int port, Path log, Map<String, String> environment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * Starts moto on 127.0.0.1:{@code port} with its DynamoDB, DynamoDB Streams and Cognito state
   * kept in {@code stateDir}: restored from its snapshot now, written again after writes (every few
   * seconds at most) and at SIGTERM. {@code python} is the Python that runs moto_server; the script
   * that does it ({@code moto_with_state.py}, shipped in this module) is copied into {@code
   * stateDir}, which also receives {@code restored.json} (what the start restored), {@code
   * snapshot.json} (the last snapshot) and, while writes are not in a snapshot yet, {@code
   * unsaved}. Returns at once.
   */
  public static Process startKeepingState(Path python, int port, Path log, Path stateDir)
      throws IOException {
    Files.createDirectories(stateDir);
    Path script = stateDir.resolve(STATE_SCRIPT);
    try (InputStream in = MotoLauncher.class.getResourceAsStream(STATE_SCRIPT)) {
      if (in == null) {
        throw new IOException(STATE_SCRIPT + " is missing from the moto module's resources");
      }
      Files.write(script, in.readAllBytes());
    }
    return new ProcessBuilder(
            List.of(
                python.toString(),
                "-u",
                script.toString(),
                "--state",
                stateDir.toString(),
                "-H",
                "127.0.0.1",
                "-p",
                Integer.toString(port)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }

  /**
   * Waits until {@code answers} says the server started as {@code process} serves its port.
   *
   * @throws IllegalStateException when it exits first (quoting its log's last line) or does not
   *     answer within {@code timeout}
   */
  public static void awaitReady(
      Process process, int port, Path log, Duration timeout, BooleanSupplier answers)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!answers.getAsBoolean()) {
      if (!process.isAlive()) {
        String last = lastLine(log);
        throw new IllegalStateException(
            "moto_server exited with status "
                + process.exitValue()
                + " before it answered: "
                + last
                + ". "
                + (last.contains("in use")
                    ? "Another program took port " + port + ": stop it, or start on another port"
                    : INSTALL_HINT));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "moto_server did not answer on 127.0.0.1:"
                + port
                + " within "
                + timeout.toSeconds()
                + " s; see "
                + log);
      }
      Thread.sleep(
          50); // polling a local socket it was just asked to open; no waiter exists for this
    }
  }

  /** The last line of a log that is not blank, for error messages ("(no output)" when none). */
  public static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          return lines.get(i).strip();
        }
      }
    } catch (IOException | UncheckedIOException unreadable) {
      // nothing to quote
    }
    return "(no output)";
  }
}
