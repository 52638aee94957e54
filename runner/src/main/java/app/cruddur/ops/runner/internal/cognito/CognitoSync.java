package app.cruddur.ops.runner.internal.cognito;

import app.cruddur.ops.model.UsersTable;
import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.CognitoSyncReport.SubAssignment;
import app.cruddur.ops.runner.api.CognitoUser;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Cognito sync: every user of the pool, diffed against {@code public.users}, and the changes
 * written in one transaction with set-based statements (one round trip for any number of users,
 * where the course's script sent one UPDATE and one commit per user). A conflict anywhere means
 * nothing is written. Used by the {@code cognito-sync} step and by {@code cruddur cognito sync}.
 */
public final class CognitoSync {
  // the placeholder of a user without a Cognito user reads as no sub
  private static final String READ =
      "SELECT handle, nullif(cognito_user_id, '"
          + UsersTable.NO_COGNITO_USER
          + "') FROM public.users ORDER BY handle";
  // Subs moving between rows: cleared first, since the unique index is checked row by row.
  private static final String CLEAR =
      "UPDATE public.users SET cognito_user_id = '"
          + UsersTable.NO_COGNITO_USER
          + "' WHERE handle = ANY (?::text[])";
  private static final String WRITE =
      "UPDATE public.users AS u SET cognito_user_id = v.sub "
          + "FROM unnest(?::text[], ?::text[]) AS v(handle, sub) WHERE u.handle = v.handle";

  private CognitoSync() {}

  /**
   * Reads the pool's users and syncs them into the target's PostgreSQL.
   *
   * @param write false for a dry run
   * @param lockWait when present, the release lock is taken first (waiting this long): for a sync
   *     run on its own; a release's step runs under the release's lock already
   * @return the report; with conflicts nothing was written (see {@link
   *     CognitoSyncReport#conflictError()})
   */
  public static CognitoSyncReport run(
      Connections session,
      String poolId,
      boolean write,
      Optional<Duration> lockWait,
      ThrottlingRetry retry,
      String purpose) {
    List<CognitoUser> users = new PoolUsers(session, poolId, retry).list();
    PgConnections postgres = session.postgres();
    try (Ledger ledger = Ledger.open(postgres, purpose)) {
      Connection c = ledger.connection();
      if (write && lockWait.isPresent()) {
        return ledger.lock(
            lockWait.get(), () -> apply(c, postgres.describe(), poolId, users, true));
      }
      return apply(c, postgres.describe(), poolId, users, write);
    } catch (SQLException e) {
      throw failure(postgres, e);
    }
  }

  /**
   * Reads the pool's users and syncs them on {@code lockSession}, the connection that already holds
   * the release lock (a release's step): no connection of its own to open. The diff and the write
   * are the same one transaction as {@link #run}'s; the connection's auto-commit is restored after.
   */
  public static CognitoSyncReport runOn(
      Connection lockSession, Connections session, String poolId, ThrottlingRetry retry) {
    List<CognitoUser> users = new PoolUsers(session, poolId, retry).list();
    PgConnections postgres = session.postgres();
    try {
      return apply(lockSession, postgres.describe(), poolId, users, true);
    } catch (SQLException e) {
      throw failure(postgres, e);
    }
  }

  /**
   * Diffs {@code users} against {@code public.users} on {@code c} and, when {@code write} and
   * nothing conflicts, writes the changes in one transaction.
   */
  public static CognitoSyncReport apply(
      Connection c, String database, String poolId, List<CognitoUser> users, boolean write)
      throws SQLException {
    requireUsersTable(c, database);
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      List<SyncDiff.Row> rows = readRows(c, write);
      CognitoSyncReport report = SyncDiff.diff(poolId, database, !write, users, rows);
      if (!write || report.hasConflicts() || report.changes().isEmpty()) {
        c.rollback();
        return report;
      }
      writeSubs(c, report);
      c.commit();
      return report.withWritten(true);
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static void requireUsersTable(Connection c, String database) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('public.users') IS NOT NULL")) {
      if (!rs.next() || !rs.getBoolean(1)) {
        throw CruddurException.of(
            ErrorCode.NO_SCHEMA,
            "PostgreSQL " + database + " has no users table",
            "Apply the schema first: `cruddur release` (or `cruddur db update`)");
      }
    }
  }

  private static List<SyncDiff.Row> readRows(Connection c, boolean forUpdate) throws SQLException {
    List<SyncDiff.Row> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(READ + (forUpdate ? " FOR UPDATE" : ""))) {
      while (rs.next()) {
        rows.add(new SyncDiff.Row(rs.getString(1), Optional.ofNullable(rs.getString(2))));
      }
    }
    return rows;
  }

  private static void writeSubs(Connection c, CognitoSyncReport report) throws SQLException {
    List<SubAssignment> changes = report.changes();
    Set<String> incoming = new HashSet<>();
    changes.forEach(a -> incoming.add(a.to()));
    List<String> moving =
        report.toChange().stream()
            .filter(a -> a.from().isPresent() && incoming.contains(a.from().get()))
            .map(SubAssignment::handle)
            .toList();
    if (!moving.isEmpty()) {
      try (PreparedStatement clear = c.prepareStatement(CLEAR)) {
        clear.setArray(1, textArray(c, moving));
        clear.executeUpdate();
      }
    }
    try (PreparedStatement update = c.prepareStatement(WRITE)) {
      update.setArray(1, textArray(c, changes.stream().map(SubAssignment::handle).toList()));
      update.setArray(2, textArray(c, changes.stream().map(SubAssignment::to).toList()));
      int updated = update.executeUpdate();
      if (updated != changes.size()) {
        throw new SQLException(
            "expected to update " + changes.size() + " rows of users, updated " + updated, "40001");
      }
    }
  }

  private static Array textArray(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  private static CruddurException failure(PgConnections postgres, SQLException e) {
    if (PgConnections.isConnectionLoss(e)) {
      return postgres.unreachable(e);
    }
    if ("23505".equals(e.getSQLState()) || "40001".equals(e.getSQLState())) {
      return CruddurException.of(
          ErrorCode.CONCURRENT_CHANGE,
          "users changed in "
              + postgres.describe()
              + " while the Cognito sync wrote, so nothing was written: "
              + e.getMessage(),
          "Rerun the sync",
          e);
    }
    return CruddurException.of(
        ErrorCode.DATABASE_ERROR,
        "the Cognito sync could not read or write users in "
            + postgres.describe()
            + ": "
            + e.getMessage(),
        "Check the database user's rights on the users table",
        e);
  }
}
