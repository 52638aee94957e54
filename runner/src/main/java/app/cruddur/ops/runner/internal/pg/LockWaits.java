package app.cruddur.ops.runner.internal.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * While a step runs on PostgreSQL, watches for a session of ours that waits for a lock and says on
 * what and on whom: the table (or the older transactions a {@code CREATE INDEX CONCURRENTLY} waits
 * for), and the holder's server pid, state and query, as the release lock names its holder. It
 * looks once a second on a connection of its own, opened only when a step lasts longer than a
 * second.
 */
public final class LockWaits implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LockWaits.class.getName());
  static final Duration POLL = Duration.ofSeconds(1);

  /** A wait shorter than this is ordinary contention, not worth a line. */
  static final Duration WORTH_SAYING = Duration.ofSeconds(2);

  /** The same wait is said again after this long. */
  static final Duration REPEAT = Duration.ofSeconds(10);

  private static final String QUERY =
      """
      SELECT w.pid, floor(extract(epoch FROM clock_timestamp() - w.query_start))::bigint AS waited,
        coalesce((SELECT CASE l.locktype
            WHEN 'relation' THEN 'table ' || l.relation::regclass::text
            WHEN 'tuple' THEN 'a row of ' || l.relation::regclass::text
            WHEN 'transactionid' THEN 'a row another transaction changed'
            WHEN 'virtualxid' THEN 'older transactions to end'
            ELSE l.locktype END
          FROM pg_locks l WHERE l.pid = w.pid AND NOT l.granted LIMIT 1), 'a lock') AS what,
        b.pid AS holder, coalesce(nullif(b.application_name, ''), 'a session') AS app, b.usename,
        coalesce(b.state, '?') AS state, floor(extract(epoch FROM clock_timestamp() - b.state_change))::bigint AS for_s,
        left(regexp_replace(coalesce(b.query, ''), '\\s+', ' ', 'g'), 160) AS query
      FROM pg_stat_activity w
      CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocking(pid)
      JOIN pg_stat_activity b ON b.pid = blocking.pid
      WHERE w.datname = current_database() AND w.application_name LIKE 'cruddur%' AND w.pid <> pg_backend_pid()
      ORDER BY w.pid, b.pid\
      """;

  /** Watches nothing. */
  public static final LockWaits NONE = new LockWaits(null, null);

  private final PgConnections postgres;
  private final Consumer<String> notices;
  private final Thread thread;
  private volatile boolean closed;
  private volatile String lastSeen;

  private LockWaits(PgConnections postgres, Consumer<String> notices) {
    this.postgres = postgres;
    this.notices = notices;
    this.thread = postgres == null ? null : new Thread(this::watch, "lock-waits");
  }

  /**
   * Starts watching the sessions of ours on {@code postgres}; {@code notices} hears each wait worth
   * saying.
   */
  public static LockWaits watch(PgConnections postgres, Consumer<String> notices) {
    LockWaits w = new LockWaits(postgres, notices);
    w.thread.setDaemon(true);
    w.thread.start();
    return w;
  }

  /** The last wait seen ({@code table public.users, held by server pid 42 (...)}), if any. */
  public Optional<String> lastSeen() {
    return Optional.ofNullable(lastSeen);
  }

  private void watch() {
    Connection c = null;
    String said = null;
    long saidAt = 0;
    try {
      while (!pause(POLL)) {
        if (c == null) {
          c = postgres.open("cruddur lock watch");
        }
        Optional<Wait> wait = current(c);
        if (wait.isEmpty()) {
          said = null;
          continue;
        }
        lastSeen = wait.get().describe();
        boolean worth = wait.get().waitedSeconds() >= WORTH_SAYING.toSeconds();
        if (worth
            && (!wait.get().key().equals(said) || System.nanoTime() - saidAt > REPEAT.toNanos())) {
          notices.accept("has waited " + wait.get().waitedSeconds() + " s for " + lastSeen);
          said = wait.get().key();
          saidAt = System.nanoTime();
        }
      }
    } catch (RuntimeException | SQLException e) {
      // watching is a courtesy: the step's own statements report a lost server
      LOG.fine(() -> "lock watch ended: " + e.getMessage());
    } finally {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // ends with the process
        }
      }
    }
  }

  /** One wait: what a session of ours waits for, and who holds it. */
  record Wait(
      int waiter, long waitedSeconds, String what, List<Integer> holderPids, List<String> holders) {
    String describe() {
      return what + ", held by " + String.join(" and ", holders);
    }

    /** The same wait while it lasts (its durations aside). */
    String key() {
      return waiter + " " + what + " " + holderPids;
    }
  }

  private static Optional<Wait> current(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(QUERY)) {
      if (!rs.next()) {
        return Optional.empty();
      }
      int waiter = rs.getInt("pid");
      long waited = rs.getLong("waited");
      String what = rs.getString("what");
      List<String> holders = new ArrayList<>();
      List<Integer> holderPids = new ArrayList<>();
      do {
        if (rs.getInt("pid") == waiter) {
          holderPids.add(rs.getInt("holder"));
          String query = rs.getString("query");
          holders.add(
              "server pid "
                  + rs.getInt("holder")
                  + " ("
                  + rs.getString("app")
                  + ", user "
                  + rs.getString("usename")
                  + ", "
                  + rs.getString("state")
                  + " for "
                  + rs.getLong("for_s")
                  + " s"
                  + (query.isBlank() ? "" : ", last query: " + query)
                  + ")");
        }
      } while (rs.next());
      return Optional.of(new Wait(waiter, waited, what, holderPids, holders));
    }
  }

  /** Sleeps; true when closed meanwhile. */
  private boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      return true;
    }
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
