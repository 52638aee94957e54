package app.cruddur.ops.runner.internal.ledger;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One release at a time per target: a PostgreSQL session-level advisory lock held on the release's
 * own connection. The server releases it when that connection ends, however the holder dies (kill
 * -9 included), so there is never a lock row to clear by hand; and being session-level, it does not
 * wrap the changesets in a transaction, so non-transactional changesets ({@code CREATE INDEX
 * CONCURRENTLY}) run under it.
 */
public final class ReleaseLock implements AutoCloseable {
  /** The advisory lock key: "cruddur" in ASCII, so it is recognizable in pg_locks. */
  public static final long KEY = 0x6372756464757200L;

  /**
   * Advisory locks are the database's, but pg_locks lists the whole server's: a release on another
   * database of the same server is neither named as the holder nor ended.
   */
  private static final String THIS_DATABASE =
      " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

  private final Connection connection;

  private ReleaseLock(Connection connection) {
    this.connection = connection;
  }

  /**
   * Takes the lock on {@code connection}, waiting up to {@code wait} (zero: not at all).
   *
   * @throws CruddurException exit 5 naming the holder when another release has it
   */
  public static ReleaseLock acquire(Connection connection, Duration wait) throws SQLException {
    if (tryLock(connection)) {
      return new ReleaseLock(connection);
    }
    if (wait.isZero() || wait.isNegative()) {
      throw locked(connection, "");
    }
    // Poll with short statements rather than block in pg_advisory_lock: a blocked statement keeps a
    // snapshot open for the whole wait, and CREATE INDEX CONCURRENTLY in the holder's release waits
    // for every older snapshot of the database, so the holder would wait for us while we wait for
    // it (a deadlock PostgreSQL cannot see, as it runs through two connections of one client).
    long deadline = System.nanoTime() + wait.toNanos();
    long pause = 100;
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (tryLock(connection)) {
        return new ReleaseLock(connection);
      }
      pause = Math.min(1000, pause * 2);
    }
    throw locked(connection, " (still, after waiting " + human(wait) + ")");
  }

  /** Who holds the lock right now, if anyone: application name, pid and since when. */
  public static Optional<String> holder(Connection connection) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT a.application_name, a.pid, a.backend_start, a.client_addr FROM pg_locks l JOIN"
                + " pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + THIS_DATABASE
                + " AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1 AND a.pid"
                + " <> pg_backend_pid()")) {
      s.setLong(1, KEY >>> 32);
      s.setLong(2, KEY & 0xffffffffL);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String name = rs.getString(1);
        return Optional.of(
            (name == null || name.isBlank() ? "a session" : name)
                + " (server pid "
                + rs.getInt(2)
                + ") since "
                + rs.getTimestamp(3).toInstant());
      }
    }
  }

  /**
   * The application name a release workflow's slice gives its lock session: the execution (the
   * lease's owner) as a short digest, so that a later slice of the same execution knows the session
   * for its own.
   */
  public static String sliceSessionName(String owner) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
      return "cruddur slice " + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Ends the session an earlier slice of {@code owner}'s execution left holding the lock: a slice
   * that timed out or was frozen in Lambda keeps its TCP connection, and the server its session and
   * the lock, until keepalives notice (minutes to hours). The workflow runs one slice of an
   * execution at a time, so when the next one starts the earlier one is over; ending its session is
   * what the server would do anyway, sooner. Only sessions with that execution's {@link
   * #sliceSessionName} are touched: a person's release, rollback or baseline never.
   *
   * @return the server pids ended (none: nothing of the execution held the lock)
   */
  public static List<Integer> endEarlierSlice(Connection c, String owner) throws SQLException {
    List<Integer> holders = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE"
                + " l.locktype = 'advisory' AND l.granted"
                + THIS_DATABASE
                + " AND l.classid::bigint = ? AND"
                + " l.objid::bigint = ? AND l.objsubid = 1 AND a.pid <> pg_backend_pid() AND"
                + " a.application_name LIKE ?")) {
      s.setLong(1, KEY >>> 32);
      s.setLong(2, KEY & 0xffffffffL);
      s.setString(3, sliceSessionName(owner) + "%");
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          holders.add(rs.getInt(1));
        }
      }
    }
    List<Integer> ended = new ArrayList<>();
    for (int pid : holders) {
      try (PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
        s.setInt(1, pid);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next() && rs.getBoolean(1)) {
            ended.add(pid);
          }
        }
      }
    }
    return ended;
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  private static CruddurException locked(Connection c, String suffix) throws SQLException {
    String holder = holder(c).orElse("another session");
    return new CruddurException(
        ErrorCode.LOCK_HELD,
        "locked by " + holder + suffix,
        "Another release is applying to this target: let it finish, or queue behind it with --wait"
            + " 10m");
  }

  private static String human(Duration d) {
    return d.toSeconds() >= 60 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
  }

  /** Releases the lock (closing the connection would too). */
  @Override
  public void close() throws SQLException {
    if (!connection.isClosed()) {
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT pg_advisory_unlock(" + KEY + ")");
      }
    }
  }
}
