package app.cruddur.ops.runner.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A changeset that holds a release inside Liquibase exactly as long as a test keeps its gate shut:
 * the changeset polls a transaction-level advisory lock that the test's session holds (a poll, so
 * no {@code lock_timeout} applies), and passes at once when nobody holds it (a clean run, a rerun).
 * In place of a {@code pg_sleep}: the test meets the release inside the changeset however slow the
 * machine is, and waits no longer than it needs.
 */
public final class Gate implements AutoCloseable {
  /** The advisory lock key ("gate" in ASCII), away from the release lock's. */
  static final long KEY = 0x67617465L;

  /** What the changeset runs, as pg_stat_activity shows it while it waits. */
  public static final String SQL =
      "DO $$ BEGIN WHILE NOT pg_try_advisory_xact_lock("
          + KEY
          + ") LOOP PERFORM pg_sleep(0.05); END LOOP; END $$";

  private final Connection session;

  private Gate(Connection session) {
    this.session = session;
  }

  /** A formatted-SQL changelog with one changeset {@code id} that waits at the gate. */
  public static String changelog(String id) {
    return "--liquibase formatted sql\n\n--changeset cruddur:"
        + id
        + " splitStatements:false\n"
        + SQL
        + ";\n--rollback SELECT 1;\n";
  }

  /** Shuts the gate of {@code target}'s database until {@link #open()}. */
  public static Gate shut(TestTarget target) {
    try {
      Connection session = target.connect();
      try (Statement s = session.createStatement()) {
        s.execute("SELECT pg_advisory_lock(" + KEY + ")");
      }
      return new Gate(session);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a session of {@code target}'s database (other than the test's) waits at the gate. */
  public static boolean waiting(TestTarget target) {
    try {
      return "t"
          .equals(
              target.queryOne(
                  "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                      + " AND state = 'active' AND query LIKE 'DO $$ BEGIN WHILE NOT"
                      + " pg_try_advisory_xact_lock("
                      + KEY
                      + ")%' AND pid <> pg_backend_pid())"));
    } catch (IllegalStateException notYet) {
      return false;
    }
  }

  /** Lets whoever waits (and whoever comes later) through. */
  public void open() {
    try {
      session.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    open();
  }
}
