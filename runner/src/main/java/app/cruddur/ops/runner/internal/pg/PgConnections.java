package app.cruddur.ops.runner.internal.pg;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.DiskSpace;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;

/**
 * Opens connections to the target's PostgreSQL: bounded connect and login timeouts (an unreachable
 * server fails in seconds, exit 4), an application name that says who is connected (it is how a
 * blocked release names the holder of the lock), credentials never in messages. Every session gets
 * {@link SessionLimits#DEFAULTS} and server-side keepalives, and on PostgreSQL 14+ the server
 * checks during a long statement that we are still there (kill -9 of the runner ends its statement
 * and its session, and so its release lock, within seconds).
 */
public final class PgConnections {
  /**
   * Seconds to wait for the TCP connection: a host that does not answer at all fails in seconds.
   */
  public static final int CONNECT_TIMEOUT_SECONDS = 10;

  /**
   * Seconds to wait for the whole connection attempt, login included: a server that accepts and
   * never answers fails within this; long enough that a loaded machine (a 2-core one at load 20
   * took more than 5 s to start a backend of the embedded PostgreSQL) is not taken for a dead
   * server.
   */
  public static final int LOGIN_TIMEOUT_SECONDS = 30;

  /**
   * How often the server checks, during a statement, that the client is still connected (PostgreSQL
   * 14+).
   */
  static final String CLIENT_CHECK_INTERVAL = "2s";

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String describe;
  private final Properties extra;
  private final LocalDisk localDisk;

  /**
   * Where a PostgreSQL on this machine keeps its data, to say what a full disk means for it.
   *
   * @param dataDir the directory under which it writes (the local environment's)
   * @param log its log file
   */
  public record LocalDisk(Path dataDir, Path log) {}

  /**
   * @param jdbcUrl URL without credentials
   * @param user user name
   * @param password password (kept here only)
   * @param describe what to call this database in messages
   * @param extra driver properties such as sslmode
   */
  public PgConnections(
      String jdbcUrl, String user, String password, String describe, Properties extra) {
    this(jdbcUrl, user, password, describe, extra, null);
  }

  private PgConnections(
      String jdbcUrl,
      String user,
      String password,
      String describe,
      Properties extra,
      LocalDisk localDisk) {
    this.jdbcUrl = Objects.requireNonNull(jdbcUrl);
    this.user = user;
    this.password = password;
    this.describe = describe;
    this.extra = extra == null ? new Properties() : extra;
    this.localDisk = localDisk;
  }

  /**
   * The same database, known to keep its data on this machine in {@code disk} (the local
   * environment).
   */
  public PgConnections onLocalDisk(LocalDisk disk) {
    return new PgConnections(jdbcUrl, user, password, describe, extra, disk);
  }

  /** What to call this database in messages (no password). */
  public String describe() {
    return describe;
  }

  /**
   * The database's name, as {@code --confirm} repeats it (the last part of {@link #describe()}).
   */
  public String databaseName() {
    return describe.substring(describe.lastIndexOf('/') + 1);
  }

  /** The JDBC URL without credentials. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** A new connection; the caller closes it. */
  public Connection open(String applicationName) {
    Properties p = new Properties();
    p.putAll(extra);
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", truncate(applicationName, 63));
    Connection c;
    try {
      c = DriverManager.getConnection(jdbcUrl, p);
    } catch (SQLException e) {
      throw unreachable(e);
    }
    try {
      configure(c);
      return c;
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // the failure below says what happened
      }
      throw translate(e, "setting up the session");
    }
  }

  /** Keepalives both ways, the dead-client check, and the default limits. */
  private static void configure(Connection c) throws SQLException {
    boolean clientCheck = c.getMetaData().getDatabaseMajorVersion() >= 14;
    try (Statement s = c.createStatement()) {
      // the server notices a client whose machine vanished within a minute, not two hours
      s.execute(
          "SELECT set_config('tcp_keepalives_idle', '30', false),"
              + " set_config('tcp_keepalives_interval', '10', false),"
              + " set_config('tcp_keepalives_count', '3', false)"
              + (clientCheck
                  ? ", set_config('client_connection_check_interval', '"
                      + CLIENT_CHECK_INTERVAL
                      + "', false)"
                  : ""));
    }
    SessionLimits.DEFAULTS.applyTo(c);
  }

  /** Maps a connection-level SQL failure to exit 4; anything else is the caller's. */
  public CruddurException unreachable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = e.getMessage() == null ? state : e.getMessage().replaceAll("\\s+", " ");
    // a local PostgreSQL that stopped answering on a full disk has most likely stopped for it
    if (isDiskFull(e)
        || localDisk != null && isConnectionLoss(e) && DiskSpace.isFull(localDisk.dataDir())) {
      return diskFull(e);
    }
    if (state.equals("28P01") || state.equals("28000")) {
      return CruddurException.of(
          ErrorCode.DATABASE_LOGIN,
          "PostgreSQL " + describe + " refused the login: " + detail,
          "Check the user and password (PGPASSWORD, the database URL or the deployment's secret)",
          e);
    }
    if (state.equals("3D000")) {
      return CruddurException.of(
          ErrorCode.DATABASE_LOGIN,
          "PostgreSQL " + describe + ": " + detail,
          "Create the database, or fix its name in the database URL",
          e);
    }
    return CruddurException.of(
        ErrorCode.UNREACHABLE,
        "cannot connect to PostgreSQL " + describe + ": " + detail,
        "Check that it is running and reachable (for the local target: `cruddur local status`)",
        e);
  }

  /**
   * Maps any SQL failure while {@code doing} something: connection and login problems as in {@link
   * #unreachable}, a missing table as "release first", anything else as a failure.
   */
  public CruddurException translate(SQLException e, String doing) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (isConnectionLoss(e) || isDiskFull(e) || state.startsWith("28") || state.equals("3D000")) {
      return unreachable(e);
    }
    String detail = e.getMessage() == null ? state : e.getMessage().replaceAll("\\s+", " ");
    if (state.equals("42P01")) {
      return CruddurException.of(
          ErrorCode.NO_SCHEMA,
          "PostgreSQL " + describe + " has no schema yet while " + doing + ": " + detail,
          "Apply the migrations first: `cruddur release` (or `cruddur db update`)",
          e);
    }
    return CruddurException.of(
        ErrorCode.DATABASE_ERROR,
        "PostgreSQL " + describe + " failed while " + doing + ": " + detail,
        "Rerun with --debug for details",
        e);
  }

  /**
   * PostgreSQL cannot write: what it said, and where the disk and the log are. For the local
   * environment, its directory, the space left there, and its log; elsewhere, the server's storage.
   */
  public CruddurException diskFull(SQLException e) {
    String detail = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s+", " ");
    if (localDisk == null) {
      return CruddurException.of(
          ErrorCode.DISK_FULL,
          "PostgreSQL " + describe + " has no space left to write" + detail,
          "Free space on the database server or grow its storage, then rerun",
          e);
    }
    long free = DiskSpace.freeMib(localDisk.dataDir());
    return CruddurException.of(
        ErrorCode.DISK_FULL,
        "PostgreSQL "
            + describe
            + " has no space left to write: the disk of "
            + localDisk.dataDir()
            + " is full ("
            + (free < 0 ? "?" : free)
            + " MiB free)"
            + detail,
        "Free space on that disk (or move the local environment with --local-dir), then rerun;"
            + " PostgreSQL's log is "
            + localDisk.log(),
        e);
  }

  /**
   * True when {@code e} or a cause says the disk is full (disk_full, 53100, or the system's "No
   * space left on device").
   */
  public static boolean isDiskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "53100".equals(sql.getSQLState())
          || t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code e} or a cause is a statement given up on: lock_timeout (55P03) or
   * statement_timeout (57014).
   */
  public static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && ("55P03".equals(sql.getSQLState()) || "57014".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when an SQL failure means the server went away (connection class 08, admin shutdown 57P).
   */
  public static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
