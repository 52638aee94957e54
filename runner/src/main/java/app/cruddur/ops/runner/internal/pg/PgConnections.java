package app.cruddur.ops.runner.internal.pg;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Opens connections to the target's PostgreSQL: bounded connect and login timeouts (an
 * unreachable server fails in seconds, exit 4), an application name that says who is connected
 * (it is how a blocked release names the holder of the lock), credentials never in messages.
 */
public final class PgConnections {
  /** Seconds to wait for a TCP connection and for the login. */
  public static final int CONNECT_TIMEOUT_SECONDS = 5;

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String describe;
  private final Properties extra;

  /**
   * @param jdbcUrl URL without credentials
   * @param user user name
   * @param password password (kept here only)
   * @param describe what to call this database in messages
   * @param extra driver properties such as sslmode
   */
  public PgConnections(String jdbcUrl, String user, String password, String describe, Properties extra) {
    this.jdbcUrl = Objects.requireNonNull(jdbcUrl);
    this.user = user;
    this.password = password;
    this.describe = describe;
    this.extra = extra == null ? new Properties() : extra;
  }

  /** What to call this database in messages (no password). */
  public String describe() {
    return describe;
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
    p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", truncate(applicationName, 63));
    try {
      return DriverManager.getConnection(jdbcUrl, p);
    } catch (SQLException e) {
      throw unreachable(e);
    }
  }

  /** Maps a connection-level SQL failure to exit 4; anything else is the caller's. */
  public CruddurException unreachable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = e.getMessage() == null ? state : e.getMessage().replaceAll("\\s+", " ");
    if (state.equals("28P01") || state.equals("28000")) {
      return CruddurException.of(ErrorCode.DATABASE_LOGIN, "PostgreSQL " + describe + " refused the login: " + detail,
          "Check the user and password (PGPASSWORD, the database URL or the deployment's secret)", e);
    }
    if (state.equals("3D000")) {
      return CruddurException.of(ErrorCode.DATABASE_LOGIN, "PostgreSQL " + describe + ": " + detail,
          "Create the database, or fix its name in the database URL", e);
    }
    return CruddurException.of(ErrorCode.UNREACHABLE, "cannot connect to PostgreSQL " + describe + ": " + detail,
        "Check that it is running and reachable (for the local target: `cruddur local status`)", e);
  }

  /**
   * Maps any SQL failure while {@code doing} something: connection and login problems as in
   * {@link #unreachable}, a missing table as "release first", anything else as a failure.
   */
  public CruddurException translate(SQLException e, String doing) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (isConnectionLoss(e) || state.startsWith("28") || state.equals("3D000")) {
      return unreachable(e);
    }
    String detail = e.getMessage() == null ? state : e.getMessage().replaceAll("\\s+", " ");
    if (state.equals("42P01")) {
      return CruddurException.of(ErrorCode.NO_SCHEMA, "PostgreSQL " + describe + " has no schema yet while " + doing + ": " + detail,
          "Apply the migrations first: `cruddur release` (or `cruddur db update`)", e);
    }
    return CruddurException.of(ErrorCode.DATABASE_ERROR, "PostgreSQL " + describe + " failed while " + doing + ": " + detail,
        "Rerun with --debug for details", e);
  }

  /** True when an SQL failure means the server went away (connection class 08, admin shutdown 57P). */
  public static boolean isConnectionLoss(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("57P"));
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
