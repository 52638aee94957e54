package app.cruddur.ops.runner.internal.baseline;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A throw-away embedded PostgreSQL (zonky, the local environment's engine) with one empty database,
 * where baseline builds our changesets to compare with the target's. Its data directory is a temp
 * directory, removed at {@link #close()}; it listens on a free loopback port only.
 */
final class ScratchPostgres implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final String database;

  private ScratchPostgres(EmbeddedPostgres postgres, Path dataDir, String database) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.database = database;
  }

  /**
   * Starts one with an empty database named {@code database} (the target's name, so that both
   * snapshots have the same catalog).
   */
  static ScratchPostgres start(String database) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("cruddur-baseline-");
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(true)
              .setRegisterShutdownHook(true)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("unix_socket_directories", "")
              .setServerConfig("fsync", "off")
              .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
              .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      try (Connection c = postgres.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        if (!database.equals("postgres")) {
          s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        }
      }
      return new ScratchPostgres(postgres, dir, database);
    } catch (IOException | SQLException e) {
      delete(dir);
      throw CruddurException.of(
          ErrorCode.FAILED,
          "the scratch PostgreSQL baseline builds the changesets on could not start: "
              + e.getMessage(),
          "Check the space in " + System.getProperty("java.io.tmpdir") + " and rerun",
          e);
    }
  }

  /** A new connection to the scratch database. */
  Connection open() throws SQLException {
    return postgres.getDatabase("postgres", database).getConnection();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      // a scratch server that will not stop is stopped by the JVM's shutdown hook
    }
    delete(dataDir);
  }

  private static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is the OS's to clean
    }
  }
}
