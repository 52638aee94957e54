package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.LocalRestore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The background process that owns the local engines: the embedded PostgreSQL (which lives as long
 * as the JVM that started it) and moto's server. Started detached by {@code cruddur local up}, it
 * writes {@code state.json} once both answer, watches them, and on SIGTERM (or when one engine
 * dies) stops both and removes the state file. Anything it runs besides the engines (the local
 * stream processor) is a {@link Companion}.
 */
public final class LocalSupervisor {
  private static final Logger LOG = Logger.getLogger(LocalSupervisor.class.getName());
  private static final Duration MOTO_START_TIMEOUT = Duration.ofSeconds(180);

  /**
   * moto writes its snapshot when it is stopped: about 8 s for 100,000 items on 2 cores
   * (BENCHMARKS.md, local-snapshot); this leaves room for several times that.
   */
  static final Duration MOTO_SAVE_TIMEOUT = Duration.ofSeconds(120);

  /** Something that runs alongside the engines for as long as they are up. */
  public interface Companion extends AutoCloseable {
    @Override
    void close();
  }

  /** Starts companions once the engines are ready. */
  public interface CompanionFactory {
    List<Companion> start(LocalLayout layout, LocalState state) throws Exception;
  }

  private final LocalLayout layout;
  private final int postgresPort;
  private final int motoPort;
  private final Path motoExecutable;
  private final String motoVersion;
  private final Optional<Path> motoPython;
  private final CompanionFactory companions;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Process moto;
  private volatile EmbeddedPostgres postgres;
  private final List<Companion> running = new ArrayList<>();
  private boolean motoLost;

  LocalSupervisor(
      LocalLayout layout,
      int postgresPort,
      int motoPort,
      Path motoExecutable,
      String motoVersion,
      Optional<Path> motoPython,
      CompanionFactory companions) {
    this.layout = layout;
    this.postgresPort = postgresPort;
    this.motoPort = motoPort;
    this.motoExecutable = motoExecutable;
    this.motoVersion = motoVersion;
    this.motoPython = motoPython;
    this.companions = companions;
  }

  /**
   * {@code LocalSupervisor DIR POSTGRES_PORT MOTO_PORT MOTO_EXECUTABLE MOTO_VERSION [MOTO_PYTHON]}.
   */
  public static void main(String[] args) {
    LocalLayout layout = new LocalLayout(Path.of(args[0]));
    LocalSupervisor supervisor =
        new LocalSupervisor(
            layout,
            Integer.parseInt(args[1]),
            Integer.parseInt(args[2]),
            Path.of(args[3]),
            args.length > 4 ? args[4] : "unknown",
            args.length > 5 && !args[5].isEmpty()
                ? Optional.of(Path.of(args[5]))
                : Optional.empty(),
            SupervisorCompanions.discover());
    int status = supervisor.run();
    System.exit(status);
  }

  int run() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopEngines, "local-supervisor-stop"));
    try {
      Files.deleteIfExists(layout.supervisorError());
      LocalRestore restore = startMoto();
      startPostgres();
      LocalState state =
          new LocalState(
              ProcessHandle.current().pid(),
              postgresPort,
              Processes.postmasterPid(layout.postgresData()),
              motoPort,
              moto.pid(),
              Instant.now(),
              true,
              motoVersion,
              restore);
      running.addAll(companions.start(layout, state));
      state.write(layout.stateFile());
      LOG.info(
          "local environment ready: postgres 127.0.0.1:"
              + postgresPort
              + ", moto 127.0.0.1:"
              + motoPort
              + "; "
              + restore.describe());
    } catch (Exception e) {
      fail(e);
      stopEngines();
      return 4;
    }
    return watch();
  }

  /** Blocks while both engines live; when one dies, records why and stops the other. */
  private int watch() {
    long postmaster = Processes.postmasterPid(layout.postgresData());
    while (stopped.getCount() > 0) {
      try {
        if (!moto.isAlive() && !motoLost) {
          // Keep PostgreSQL up: a release in flight can still record its step as failed. Marked not
          // ready, the environment is restarted by the next command that needs it.
          motoLost = true;
          fail(
              new IllegalStateException(
                  "moto exited with status "
                      + moto.exitValue()
                      + " at "
                      + Instant.now()
                      + "; the next command restarts the local environment and restores its last"
                      + " snapshot (changes after it are lost); see "
                      + layout.motoLog()));
          LocalState.read(layout.stateFile())
              .filter(st -> st.supervisorPid() == ProcessHandle.current().pid())
              .ifPresent(st -> st.withReady(false).write(layout.stateFile()));
        }
        if (Processes.alive(postmaster).isEmpty()) {
          fail(new IllegalStateException("PostgreSQL exited; see " + layout.postgresLog()));
          stopEngines();
          return 1;
        }
        stopped.await(
            java.util.concurrent.TimeUnit.MILLISECONDS.toMillis(500),
            java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return 0;
  }

  /** Starts moto, with its snapshot restored where it can keep one; what it came back with. */
  private LocalRestore startMoto() throws IOException, InterruptedException {
    MotoStart.Started started =
        MotoStart.start(
            layout, motoPort, motoExecutable, motoVersion, motoPython, MOTO_START_TIMEOUT);
    moto = started.process();
    LOG.info(started.restore().describe());
    return started.restore();
  }

  private void startPostgres() throws IOException, SQLException {
    Files.createDirectories(layout.postgresData());
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(layout.postgresData())
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(postgresPort)
            .setServerConfig("listen_addresses", "127.0.0.1")
            // TCP only: a socket file in the shared /tmp (.s.PGSQL.<port>) would clash with any
            // other
            // PostgreSQL on that port number, even one in another network namespace
            .setServerConfig("unix_socket_directories", "")
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(layout.postgresLog().toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(layout.postgresLog().toFile()))
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    // zonky's wait connects to the port: a server another program started there (it took the port
    // between our check and the postmaster's bind) would pass for ours. Ours is the one whose
    // listener is our postmaster's and whose data directory is ours.
    java.util.Optional<ProcessHandle> postmaster =
        Processes.alive(Processes.postmasterPid(layout.postgresData()));
    if (postmaster.isEmpty() || !Ports.listenerBelongsTo(postmaster.get(), postgresPort)) {
      throw portTaken();
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      if (!servesOurData(c)) {
        throw portTaken();
      }
      try (PreparedStatement exists =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, LocalLayout.DATABASE);
        try (ResultSet rs = exists.executeQuery()) {
          if (!rs.next()) {
            try (Statement create = c.createStatement()) {
              create.execute("CREATE DATABASE " + LocalLayout.DATABASE);
            }
          }
        }
      }
    }
  }

  private IllegalStateException portTaken() {
    return new IllegalStateException(
        "PostgreSQL could not listen on 127.0.0.1:"
            + postgresPort
            + ": the port is in use by another program; see "
            + layout.postgresLog());
  }

  /** True when the server on the connection keeps its data in our directory. */
  private boolean servesOurData(Connection c) throws SQLException, IOException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_setting('data_directory')")) {
      return rs.next() && Files.isSameFile(Path.of(rs.getString(1)), layout.postgresData());
    } catch (java.nio.file.NoSuchFileException elsewhere) {
      return false;
    }
  }

  private synchronized void stopEngines() {
    if (stopped.getCount() == 0) {
      return;
    }
    stopped.countDown();
    for (Companion companion : running) {
      try {
        companion.close();
      } catch (RuntimeException e) {
        LOG.warning("stopping " + companion + ": " + e);
      }
    }
    if (moto != null && moto.isAlive()) {
      // TERM: moto writes its snapshot, then exits
      Processes.stop(moto.toHandle(), "TERM", MOTO_SAVE_TIMEOUT);
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        LOG.warning("stopping PostgreSQL: " + e);
      }
    }
    try {
      LocalState.read(layout.stateFile())
          .filter(s -> s.supervisorPid() == ProcessHandle.current().pid())
          .ifPresent(s -> deleteQuietly(layout.stateFile()));
    } catch (UncheckedIOException e) {
      LOG.warning("removing state file: " + e);
    }
  }

  private void fail(Exception e) {
    String line = e.getMessage() == null ? e.toString() : e.getMessage();
    LOG.severe("local environment failed: " + line);
    try {
      Files.writeString(
          layout.supervisorError(), line.replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
    } catch (IOException ignored) {
      // the log has it too
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // next up() overwrites it
    }
  }
}
