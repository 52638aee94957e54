package app.cruddur.ops.runner.internal.ledger;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ReleaseStop;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One release at a time across slices: the lease of a release whose slices run one after another (a
 * release workflow's executions), a single row beside the ledger. The release lock ({@link
 * ReleaseLock}) is a session's and goes with each slice; the lease keeps the release's place
 * between them: its owner (the execution), its expiry (renewed by every slice) and where it stands
 * (the step, its progress, the estimate of what is left). Every change is made holding the release
 * lock, so two slices never race on it.
 *
 * <p>A live lease of another owner keeps every other release out (exit 5, or a wait); an expired
 * one (its slice died and its workflow is gone) is taken over.
 *
 * <p>A stop request ({@code release --via --stop}, through the vehicle) is the one change made
 * without the lock, which the slice in flight holds: one row's update, read by that slice at its
 * next boundary, which then stops there and ends the lease ({@link #requestStop}).
 */
public final class ReleaseLease {
  /** The lease table: at most one row. */
  public static final String TABLE = "cruddur_release_lease";

  /** Every column (a lease table made before stop requests has no stop columns yet). */
  private static final String COLUMNS = "*, expires_at > now() AS live, now() AS now";

  private ReleaseLease() {}

  /**
   * The lease as stored.
   *
   * @param owner who holds it (a workflow execution's ARN)
   * @param releaseId the release its slices record in the ledger
   * @param takenAt when its first slice took it
   * @param renewedAt when a slice last renewed it
   * @param expiresAt when it lapses unless a slice renews it
   * @param slices how many slices took or renewed it
   * @param step the step the release stands at, if any
   * @param progress where that step stands ("scanned 12,000 of ~20,000 items")
   * @param estimateSeconds what the last slice expected the rest to take
   * @param live true while it has not expired (by the database's clock)
   * @param now the database's clock when it was read
   * @param stop the stop asked for its release, if any: who asked and when
   */
  public record State(
      String owner,
      UUID releaseId,
      Instant takenAt,
      Instant renewedAt,
      Instant expiresAt,
      int slices,
      Optional<String> step,
      Optional<String> progress,
      Optional<Long> estimateSeconds,
      boolean live,
      Instant now,
      Optional<StopRequest> stop) {}

  /**
   * A stop asked for the release under the lease.
   *
   * @param by who asked (the actor of {@code release --via --stop})
   * @param at when (by the database's clock)
   */
  public record StopRequest(String by, Instant at) {}

  /**
   * Where the release stands after a slice.
   *
   * @param step the step it stands at, if any
   * @param progress where that step stands
   * @param estimateSeconds what the rest is expected to take
   */
  public record Standing(
      Optional<String> step, Optional<String> progress, Optional<Long> estimateSeconds) {}

  /** The lease, if there is one (none before the first slice ever ran). */
  public static Optional<State> read(Connection c) throws SQLException {
    if (!exists(c)) {
      return Optional.empty();
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM public." + TABLE)) {
      return rs.next() ? Optional.of(state(rs)) : Optional.empty();
    }
  }

  /**
   * Takes the lease for {@code owner} (holding the release lock), until {@code expiresIn} from now:
   * a new lease with a new release id, or the owner's own renewed (same release), or an expired one
   * taken over (a new release id: another release continues the work). The caller has checked that
   * no live lease of another owner is there.
   */
  public static State take(Connection c, String owner, Duration expiresIn) throws SQLException {
    create(c);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO public."
                + TABLE
                + " AS l (owner, release_id, taken_at, renewed_at, expires_at, slices) VALUES (?,"
                + " ?, now(), now(), now() + ?::interval, 1) ON CONFLICT (lease) DO UPDATE SET"
                + " release_id = CASE WHEN l.owner = excluded.owner THEN l.release_id ELSE"
                + " excluded.release_id END, taken_at = CASE WHEN l.owner = excluded.owner THEN"
                + " l.taken_at ELSE now() END, slices = CASE WHEN l.owner = excluded.owner THEN"
                + " l.slices + 1 ELSE 1 END, stop_requested_at = CASE WHEN l.owner ="
                + " excluded.owner THEN l.stop_requested_at END, stop_requested_by = CASE WHEN"
                + " l.owner = excluded.owner THEN l.stop_requested_by END, owner = excluded.owner,"
                + " renewed_at = now(), expires_at = excluded.expires_at")) {
      s.setString(1, owner);
      s.setObject(2, UUID.randomUUID());
      s.setString(3, expiresIn.toMillis() + " milliseconds");
      s.executeUpdate();
    }
    return read(c).orElseThrow();
  }

  /**
   * Renews {@code owner}'s lease until {@code expiresIn} from now, with where the release stands
   * (holding the release lock).
   */
  public static void renew(Connection c, String owner, Duration expiresIn, Standing standing)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE public."
                + TABLE
                + " SET renewed_at = now(), expires_at = now() + ?::interval, step = ?, progress ="
                + " ?, estimate_seconds = ? WHERE owner = ?")) {
      s.setString(1, expiresIn.toMillis() + " milliseconds");
      s.setString(2, standing.step().orElse(null));
      s.setString(3, standing.progress().orElse(null));
      s.setObject(4, standing.estimateSeconds().orElse(null));
      s.setString(5, owner);
      s.executeUpdate();
    }
  }

  /**
   * Asks the release under the live lease to stop at its next boundary: recorded on the lease for
   * the slice in flight (which holds the release lock), or, when no slice is in flight (the lock is
   * free: between slices), the lease ended at once, so that the next release starts now.
   *
   * @param by who asks
   */
  public static ReleaseStop.Outcome requestStop(Connection c, String by) throws SQLException {
    Optional<State> lease = read(c);
    if (lease.isEmpty() || !lease.get().live()) {
      return ReleaseStop.Outcome.NOTHING_TO_STOP;
    }
    create(c); // adds the stop columns to a table made before them
    try (ReleaseLock lock = ReleaseLock.acquire(c, Duration.ZERO)) {
      release(c, lease.get().owner());
      return ReleaseStop.Outcome.LEASE_ENDED;
    } catch (CruddurException held) {
      // a slice holds the lock: it reads the request at its next boundary
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE public."
                + TABLE
                + " SET stop_requested_at = now(), stop_requested_by = ? WHERE owner = ? AND"
                + " stop_requested_at IS NULL")) {
      s.setString(1, by);
      s.setString(2, lease.get().owner());
      s.executeUpdate();
    }
    return ReleaseStop.Outcome.REQUESTED;
  }

  /** The stop asked for {@code owner}'s release, if any (a slice asks at each boundary). */
  public static Optional<StopRequest> stopRequested(Connection c, String owner)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT stop_requested_by, stop_requested_at FROM public."
                + TABLE
                + " WHERE owner = ? AND stop_requested_at IS NOT NULL")) {
      s.setString(1, owner);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(new StopRequest(rs.getString(1), rs.getTimestamp(2).toInstant()))
            : Optional.empty();
      }
    }
  }

  /** Ends {@code owner}'s lease: its release is done, failed or stopped. */
  public static void release(Connection c, String owner) throws SQLException {
    if (!exists(c)) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM public." + TABLE + " WHERE owner = ?")) {
      s.setString(1, owner);
      s.executeUpdate();
    }
  }

  /** Creates the lease table if missing (idempotent, safe under concurrent releases). */
  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS public."
              + TABLE
              + " (lease boolean PRIMARY KEY DEFAULT true CHECK (lease), owner text NOT NULL,"
              + " release_id uuid NOT NULL, taken_at timestamptz NOT NULL, renewed_at timestamptz"
              + " NOT NULL, expires_at timestamptz NOT NULL, slices int NOT NULL, step text,"
              + " progress text, estimate_seconds bigint, stop_requested_at timestamptz,"
              + " stop_requested_by text)");
      if (!hasStopColumns(c)) {
        // a table made before stop requests; ALTER TABLE locks it whole, so only when needed
        s.execute(
            "ALTER TABLE public."
                + TABLE
                + " ADD COLUMN IF NOT EXISTS stop_requested_at timestamptz, ADD COLUMN IF NOT"
                + " EXISTS stop_requested_by text");
      }
    } catch (SQLException e) {
      // two first releases at once may race on CREATE TABLE IF NOT EXISTS
      if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  private static boolean hasStopColumns(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name"
                + " = ? AND column_name = 'stop_requested_at'")) {
      s.setString(1, TABLE);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean exists(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, "public." + TABLE);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static State state(ResultSet rs) throws SQLException {
    long estimate = rs.getLong("estimate_seconds");
    boolean noEstimate = rs.wasNull();
    Optional<StopRequest> stop = Optional.empty();
    ResultSetMetaData columns = rs.getMetaData();
    for (int i = 1; i <= columns.getColumnCount(); i++) {
      if (columns.getColumnName(i).equals("stop_requested_at") && rs.getTimestamp(i) != null) {
        stop =
            Optional.of(
                new StopRequest(rs.getString("stop_requested_by"), rs.getTimestamp(i).toInstant()));
      }
    }
    return new State(
        rs.getString("owner"),
        (UUID) rs.getObject("release_id"),
        rs.getTimestamp("taken_at").toInstant(),
        rs.getTimestamp("renewed_at").toInstant(),
        rs.getTimestamp("expires_at").toInstant(),
        rs.getInt("slices"),
        Optional.ofNullable(rs.getString("step")),
        Optional.ofNullable(rs.getString("progress")),
        noEstimate ? Optional.empty() : Optional.of(estimate),
        rs.getBoolean("live"),
        rs.getTimestamp("now").toInstant(),
        stop);
  }
}
