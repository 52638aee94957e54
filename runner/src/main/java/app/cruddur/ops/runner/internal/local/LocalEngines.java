package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.BuildInfo;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.api.LocalStatus;
import app.cruddur.ops.runner.api.ResourceNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The engines of one local environment directory: started through a detached supervisor ({@link
 * SupervisorLauncher}), found again by {@code state.json}, stopped by pid (orphans of a supervisor
 * that was killed included), on ports chosen here. Calls on the same directory from several
 * processes are serialized by a file lock. The facade is {@code
 * app.cruddur.ops.runner.LocalEnvironment}; the target session uses this class directly. Longer
 * than our usual class: start, find, adopt and stop share one file lock and one state file.
 */
public final class LocalEngines {
  /** The supervisor stops moto (which writes its snapshot first), then PostgreSQL. */
  private static final Duration STOP_TIMEOUT =
      LocalSupervisor.MOTO_SAVE_TIMEOUT.plus(Duration.ofSeconds(30));

  private final LocalLayout layout;
  private final Map<String, String> environment;
  private final Consumer<String> notices;

  private final SupervisorLauncher launcher;

  /**
   * The engines kept in {@code dir}, finding moto_server by the given environment variables ({@code
   * PATH}, {@code CRUDDUR_MOTO_SERVER}), which are also the engines' environment.
   */
  public LocalEngines(Path dir, Map<String, String> environment) {
    this(dir, environment, notice -> {});
  }

  /** The same, telling {@code notices} what takes a while (installing moto on first use). */
  public LocalEngines(Path dir, Map<String, String> environment, Consumer<String> notices) {
    this.layout = new LocalLayout(dir);
    this.environment = Map.copyOf(environment);
    this.notices = notices;
    this.launcher = new SupervisorLauncher(layout, this.environment);
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
   * @throws CruddurException exit 4 when moto is missing and cannot be installed, a requested port
   *     is taken, or an engine cannot start
   */
  public LocalStatus up(LocalPorts requested) {
    return withLock(
        () -> {
          Optional<LocalState> running = runningState();
          if (running.isPresent()) {
            EnginePorts.requireSame(running.get(), requested);
            return statusOf(running);
          }
          // what a dead supervisor left (engines, and a state file that would pass for the new
          // one's)
          stopLocked();
          MotoInstallation.Executable moto =
              new MotoInstallation(layout, environment, notices).resolve();
          Optional<EnginePorts.Recorded> recorded = EnginePorts.Recorded.read(layout.portsFile());
          for (int attempt = 1; ; attempt++) {
            int postgresPort =
                EnginePorts.choose(
                    "PostgreSQL",
                    requested.postgres(),
                    recordedPort(recorded, requested.moto(), EnginePorts.Recorded::postgres),
                    LocalPorts.DEFAULT_POSTGRES,
                    Set.of(),
                    "--postgres-port",
                    layout.portsFile());
            int motoPort =
                EnginePorts.choose(
                    "moto",
                    requested.moto(),
                    recordedPort(recorded, requested.postgres(), EnginePorts.Recorded::moto),
                    LocalPorts.DEFAULT_MOTO,
                    Set.of(postgresPort),
                    "--moto-port",
                    layout.portsFile());
            notices.accept(
                "Starting the local environment in "
                    + layout.dir()
                    + ": PostgreSQL on 127.0.0.1:"
                    + postgresPort
                    + ", moto (DynamoDB, Cognito) on 127.0.0.1:"
                    + motoPort
                    + " …");
            Process supervisor = launcher.spawn(postgresPort, motoPort, moto);
            try {
              LocalState ready = launcher.awaitReady(supervisor, this::stopLeftovers);
              new EnginePorts.Recorded(postgresPort, motoPort).write(layout.portsFile());
              ready.restored().ifPresent(r -> notices.accept(r.describe()));
              return statusOf(Optional.of(ready));
            } catch (CruddurException e) {
              if (e.code() != ErrorCode.PORT_IN_USE || attempt == 3) {
                throw e;
              }
              // another program took a free port between our check and the engine's bind
              stopLocked();
              if (requested.postgres().isPresent()
                  || requested.moto().isPresent()
                  || recorded.isPresent()) {
                // ports named or recorded are not chosen again: the check says who took which
                EnginePorts.choose(
                    "PostgreSQL",
                    requested.postgres(),
                    recorded.isPresent() ? OptionalInt.of(postgresPort) : OptionalInt.empty(),
                    LocalPorts.DEFAULT_POSTGRES,
                    Set.of(),
                    "--postgres-port",
                    layout.portsFile());
                EnginePorts.choose(
                    "moto",
                    requested.moto(),
                    recorded.isPresent() ? OptionalInt.of(motoPort) : OptionalInt.empty(),
                    LocalPorts.DEFAULT_MOTO,
                    Set.of(postgresPort),
                    "--moto-port",
                    layout.portsFile());
                throw e; // gone again meanwhile: the engine's own words
              }
            }
          }
        });
  }

  /**
   * The recorded port of an engine, unless the other engine was given a port explicitly that is
   * this one's recorded port (the two trade places).
   */
  private static OptionalInt recordedPort(
      Optional<EnginePorts.Recorded> recorded,
      OptionalInt otherExplicit,
      java.util.function.ToIntFunction<EnginePorts.Recorded> port) {
    return recorded
        .map(port::applyAsInt)
        .filter(p -> otherExplicit.isEmpty() || otherExplicit.getAsInt() != p)
        .map(OptionalInt::of)
        .orElse(OptionalInt.empty());
  }

  /** The ports this checkout keeps ({@code ports.json}): none before its first start. */
  public Optional<LocalPorts> keptPorts() {
    return EnginePorts.Recorded.read(layout.portsFile())
        .map(r -> new LocalPorts(OptionalInt.of(r.postgres()), OptionalInt.of(r.moto())));
  }

  /** What is running, with endpoints. */
  public LocalStatus status() {
    return statusOf(runningState());
  }

  /** The endpoints of the running environment, starting it first if needed. */
  public LocalEndpoints endpoints() {
    return ensureUp()
        .endpoints()
        .orElseThrow(
            () ->
                CruddurException.of(
                    ErrorCode.LOCAL_START_FAILED,
                    "the local environment did not come up",
                    "Run `cruddur local up` and see " + layout.supervisorLog()));
  }

  /**
   * Stops what {@link #up} started, by pid, including engines orphaned by a supervisor that was
   * killed. Returns true when something was running.
   */
  public boolean down() {
    return withLock(this::stopLocked);
  }

  /**
   * {@link #down()}, then deletes the environment's data (PostgreSQL's, moto's snapshot) and its
   * recorded ports: the next start is a first start.
   */
  public void reset() {
    withLock(
        () -> {
          stopLocked();
          deleteContents(layout.dir());
          return null;
        });
  }

  private boolean stopLocked() {
    boolean stopped = stopLeftovers();
    deleteQuietly(layout.stateFile());
    return stopped;
  }

  /**
   * Stops the supervisor of the state file if it is alive (it stops its engines), then any engine
   * it left behind when it died without cleaning up (kill -9).
   */
  private boolean stopLeftovers() {
    boolean stopped = false;
    Optional<LocalState> state = LocalState.read(layout.stateFile());
    if (state.isPresent()) {
      Optional<ProcessHandle> supervisor = Processes.supervisor(layout, state.get());
      if (supervisor.isPresent()) {
        // up, or alive but not ready (a start that hung, an engine that died): we hold the lock, so
        // nobody is waiting for it; TERM lets it stop its engines cleanly
        Processes.stop(supervisor.get(), "TERM", STOP_TIMEOUT);
        stopped = true;
      }
      Optional<ProcessHandle> moto = Processes.moto(state.get());
      if (moto.isPresent()) {
        // an orphan still holds the data in memory: TERM lets it write its snapshot
        Processes.stop(moto.get(), "TERM", LocalSupervisor.MOTO_SAVE_TIMEOUT);
        stopped = true;
      }
    }
    Optional<ProcessHandle> postmaster = Processes.postmaster(layout.postgresData());
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
        .filter(s -> Processes.supervisor(layout, s).isPresent())
        .filter(s -> Ports.answers(s.postgresPort()) && Ports.answers(s.motoPort()));
  }

  private LocalStatus statusOf(Optional<LocalState> running) {
    Optional<String> failure =
        running.isPresent()
            ? Optional.empty()
            : Optional.of(launcher.supervisorError())
                .filter(f -> Files.isRegularFile(layout.supervisorError()));
    if (running.isEmpty()) {
      // engines whose supervisor died are reported, so nobody wonders who holds the ports
      long orphanPostgres =
          Processes.postmaster(layout.postgresData()).map(ProcessHandle::pid).orElse(0L);
      long orphanMoto =
          LocalState.read(layout.stateFile())
              .flatMap(Processes::moto)
              .map(ProcessHandle::pid)
              .orElse(0L);
      // a supervisor alive but not ready: one engine died and the next command restarts both
      boolean supervised =
          LocalState.read(layout.stateFile())
              .flatMap(st -> Processes.supervisor(layout, st))
              .isPresent();
      LocalStatus.State left = supervised ? LocalStatus.State.UP : LocalStatus.State.ORPHANED;
      List<LocalStatus.Service> services =
          List.of(
              new LocalStatus.Service(
                  "postgres",
                  orphanPostgres > 0 ? left : LocalStatus.State.DOWN,
                  "",
                  "PostgreSQL",
                  orphanPostgres,
                  ""),
              new LocalStatus.Service(
                  "moto",
                  orphanMoto > 0 ? left : LocalStatus.State.DOWN,
                  "",
                  "DynamoDB, DynamoDB Streams, Cognito",
                  orphanMoto,
                  ""));
      if (!supervised && (orphanPostgres > 0 || orphanMoto > 0)) {
        failure =
            Optional.of(
                "engines left running by a supervisor that died; `cruddur local down` or `up` stops"
                    + " them");
      }
      return new LocalStatus(
          false,
          layout.dir(),
          services,
          Optional.empty(),
          failure,
          Optional.empty(),
          layout.motoState().lastSnapshot(),
          List.of());
    }
    LocalState s = running.get();
    URI aws = URI.create("http://127.0.0.1:" + s.motoPort());
    LocalEndpoints endpoints =
        new LocalEndpoints(
            "127.0.0.1",
            s.postgresPort(),
            ResourceNames.LOCAL_DATABASE,
            LocalLayout.PG_USER,
            LocalLayout.PG_PASSWORD,
            aws,
            LocalLayout.REGION,
            LocalLayout.ACCESS_KEY_ID,
            LocalLayout.SECRET_ACCESS_KEY);
    List<LocalStatus.Service> services =
        List.of(
            new LocalStatus.Service(
                "postgres",
                LocalStatus.State.UP,
                "postgresql://127.0.0.1:" + s.postgresPort() + "/" + ResourceNames.LOCAL_DATABASE,
                "PostgreSQL",
                Processes.postmasterPid(layout.postgresData()),
                BuildInfo.current().postgresVersion()),
            new LocalStatus.Service(
                "moto",
                LocalStatus.State.UP,
                aws.toString(),
                "DynamoDB, DynamoDB Streams, Cognito",
                s.motoPid(),
                s.motoVersion().equals(MotoInstallation.pinnedVersion())
                    ? s.motoVersion()
                    : s.motoVersion()
                        + " (cruddur is built for "
                        + MotoInstallation.pinnedVersion()
                        + ")"));
    return new LocalStatus(
        true,
        layout.dir(),
        services,
        Optional.of(endpoints),
        Optional.empty(),
        s.restored(),
        layout.motoState().lastSnapshot(),
        List.of());
  }

  private <T> T withLock(Supplier<T> action) {
    try {
      Files.createDirectories(layout.dir());
      try (FileChannel channel =
              FileChannel.open(
                  layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = channel.lock()) {
        return action.get();
      }
    } catch (IOException e) {
      throw CruddurException.of(
          ErrorCode.LOCAL_START_FAILED,
          "cannot use the local environment directory " + layout.dir() + ": " + e.getMessage(),
          "Check that it is writable",
          e);
    }
  }

  private static void deleteQuietly(Path file) {
    SupervisorLauncher.deleteQuietly(file);
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
