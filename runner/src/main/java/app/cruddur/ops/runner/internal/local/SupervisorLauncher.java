package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.DiskSpace;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the {@link LocalSupervisor} as a detached JVM (its own session, so a Ctrl-C in the
 * terminal does not reach it) and waits until its {@code state.json} says both engines answer.
 */
final class SupervisorLauncher {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final LocalLayout layout;
  private final Map<String, String> environment;

  /**
   * @param environment the engines' environment (the CLI's; a test's controlled one)
   */
  SupervisorLauncher(LocalLayout layout, Map<String, String> environment) {
    this.layout = layout;
    this.environment = environment;
  }

  /** Spawns the supervisor for these ports and moto executable. */
  Process spawn(int postgresPort, int motoPort, MotoInstallation.Executable moto) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid"); // its own session: a Ctrl-C in the terminal does not reach it
    }
    command.add(javaExecutable());
    command.addAll(
        List.of(
            Processes.supervisorMarker(layout),
            "-Xmx160m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss512k",
            "-Djava.awt.headless=true",
            "-cp",
            classPath(),
            LocalSupervisor.class.getName(),
            layout.dir().toString(),
            Integer.toString(postgresPort),
            Integer.toString(motoPort),
            moto.path().toString(),
            moto.version(),
            moto.python().map(Path::toString).orElse("")));
    try {
      Files.createDirectories(layout.dir());
      deleteQuietly(layout.supervisorError());
      ProcessBuilder supervisor = new ProcessBuilder(command);
      // the engines run with the environment this one was given, not the JVM's
      supervisor.environment().clear();
      supervisor.environment().putAll(environment);
      return supervisor
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.supervisorLog().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw CruddurException.of(
          ErrorCode.LOCAL_START_FAILED,
          "cannot start the local environment's supervisor: " + e.getMessage(),
          "Check that " + layout.dir() + " is writable",
          e);
    }
  }

  /**
   * Waits until the supervisor is ready.
   *
   * @param onTimeout stops what was left when it never answers
   * @throws CruddurException {@link ErrorCode#PORT_IN_USE} when an engine found its port taken
   *     (another program took it between our check and its bind), else LOCAL_START_FAILED
   */
  LocalState awaitReady(Process launcher, Runnable onTimeout) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<LocalState> state = LocalState.read(layout.stateFile()).filter(LocalState::ready);
      if (state.isPresent() && Processes.alive(state.get().supervisorPid()).isPresent()) {
        return state.get();
      }
      if (!launcher.isAlive() && Processes.alive(launcher.pid()).isEmpty() && state.isEmpty()) {
        String why = supervisorError();
        if (DiskSpace.isFull(layout.dir()) || why.contains("No space left on device")) {
          throw CruddurException.of(
              ErrorCode.DISK_FULL,
              "the local environment could not start: the disk of "
                  + layout.dir()
                  + " is full ("
                  + DiskSpace.freeMib(layout.dir())
                  + " MiB free)",
              "Free space on that disk (or move the local "
                  + "environment with --local-dir), then rerun; PostgreSQL's log is "
                  + layout.postgresLog());
        }
        // the engines' own words (PostgreSQL's, moto's) are the only place a lost bind shows
        ErrorCode code =
            why.contains("in use") ? ErrorCode.PORT_IN_USE : ErrorCode.LOCAL_START_FAILED;
        throw CruddurException.of(
            code, "the local environment could not start: " + why, "See " + layout.supervisorLog());
      }
      sleep(Duration.ofMillis(100));
    }
    launcher.destroyForcibly();
    onTimeout.run();
    throw CruddurException.of(
        ErrorCode.LOCAL_START_FAILED,
        "the local environment did not answer within " + START_TIMEOUT.toSeconds() + " s",
        "See " + layout.supervisorLog() + ", then run `cruddur local down` and `cruddur local up`");
  }

  /** The supervisor's last words, when it could not start. */
  String supervisorError() {
    try {
      if (Files.isRegularFile(layout.supervisorError())) {
        return Files.readString(layout.supervisorError(), StandardCharsets.UTF_8).strip();
      }
    } catch (IOException unreadable) {
      // fall through
    }
    return "its supervisor exited";
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .filter(c -> c.endsWith("java"))
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static String classPath() {
    return supervisorClassPath(
        codeSource(LocalSupervisor.class),
        codeSource(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class),
        System.getProperty("java.class.path"));
  }

  /**
   * The supervisor's class path: the shaded cruddur jar alone when the runner comes from it (it
   * holds everything), else the JVM's: a plain runner jar (the API used from another application,
   * the benchmarks) lacks embedded PostgreSQL.
   */
  static String supervisorClassPath(
      Optional<Path> runner, Optional<Path> embeddedPostgres, String jvmClassPath) {
    if (runner.isPresent()
        && Files.isRegularFile(runner.get())
        && runner.equals(embeddedPostgres)) {
      return runner.get().toString();
    }
    return jvmClassPath;
  }

  private static Optional<Path> codeSource(Class<?> type) {
    try {
      return Optional.of(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CruddurException.of(
          ErrorCode.INTERRUPTED, "interrupted while waiting for the local environment", "");
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // harmless: overwritten next time
    }
  }
}
