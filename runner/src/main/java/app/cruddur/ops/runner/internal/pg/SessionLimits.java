package app.cruddur.ops.runner.internal.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * How long a statement of ours may wait for a lock and run on PostgreSQL ({@code lock_timeout},
 * {@code statement_timeout}; zero: no limit), with the client's socket timeout a margin above the
 * statement's, so that neither a lock held by an idle session nor a server that vanished keeps a
 * release waiting for ever. Every connection gets the defaults; a step file may set its own.
 *
 * @param lockTimeout how long to wait for a lock
 * @param statementTimeout how long a statement may run
 */
public record SessionLimits(Duration lockTimeout, Duration statementTimeout) {
  /**
   * The defaults: a migration that cannot get its lock in 10 s gives up (rather than queue the
   * application's queries behind it), and no statement runs longer than an hour.
   */
  public static final SessionLimits DEFAULTS =
      new SessionLimits(Duration.ofSeconds(10), Duration.ofHours(1));

  /** The client's wait for an answer beyond the statement's own limit. */
  static final Duration SOCKET_MARGIN = Duration.ofMinutes(1);

  public SessionLimits {
    if (lockTimeout.isNegative() || statementTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
  }

  /** Sets these limits on {@code connection} (for its session, until set again). */
  public void applyTo(Connection connection) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT set_config('lock_timeout', ?, false), set_config('statement_timeout', ?,"
                + " false)")) {
      s.setString(1, lockTimeout.toMillis() + "ms");
      s.setString(2, statementTimeout.toMillis() + "ms");
      s.execute();
    }
    connection.setNetworkTimeout(
        Runnable::run, (int) Math.min(Integer.MAX_VALUE, socketTimeout().toMillis()));
  }

  /**
   * How long the client waits for an answer: the statement's limit and a margin (zero: for ever).
   */
  public Duration socketTimeout() {
    return statementTimeout.isZero() ? Duration.ZERO : statementTimeout.plus(SOCKET_MARGIN);
  }

  /** {@code lock_timeout 10 s, statement_timeout 1 h}, for messages. */
  public String describe() {
    return "lock_timeout " + human(lockTimeout) + ", statement_timeout " + human(statementTimeout);
  }

  /** A duration as people read it: {@code 10 s}, {@code 5 min}, {@code none}. */
  public static String human(Duration d) {
    if (d.isZero()) {
      return "none";
    }
    if (d.toMillis() % 3_600_000 == 0) {
      return d.toHours() + " h";
    }
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + " min";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
