package app.cruddur.ops.runner.internal.ledger;

import app.cruddur.ops.runner.internal.pg.PgConnections;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The release ledger: an append-only table in the target's PostgreSQL recording every step attempt
 * (STARTED before, SUCCEEDED or FAILED after), who, when, how long, with which checksum and against
 * which store identity. The latest row of a step is its state.
 *
 * <p>A ledger is opened on a connection of its own and owns the target's release lock, as Flyway's
 * {@code SchemaHistory.lock(Callable)} does: {@link #lock} takes the lock, makes sure the table
 * exists, runs the work and lets the lock go, so no caller writes open → lock → create again.
 */
public final class Ledger implements AutoCloseable {
  /** The ledger table. */
  public static final String TABLE = "cruddur_release_ledger";

  private static final String COLUMNS = LedgerTable.COLUMNS;

  private final Connection connection;

  private Ledger(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens the ledger of {@code postgres} on a new connection named {@code purpose} (it names a lock
   * holder).
   */
  public static Ledger open(PgConnections postgres, String purpose) {
    return new Ledger(postgres.open(purpose));
  }

  /** Work to run while holding the release lock. */
  @FunctionalInterface
  public interface LockedWork<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} holding the target's release lock (waiting up to {@code wait} for it), the
   * ledger table created first if missing.
   *
   * @throws app.cruddur.ops.runner.api.CruddurException exit 5 naming the holder when another
   *     release keeps the lock longer than {@code wait}
   */
  public <T> T lock(Duration wait, LockedWork<T> work) throws SQLException {
    try (ReleaseLock lock = ReleaseLock.acquire(connection, wait)) {
      ensureTable();
      return work.run();
    }
  }

  /** Who holds the release lock right now (another session), if anyone. */
  public Optional<String> lockHolder() throws SQLException {
    return ReleaseLock.holder(connection);
  }

  /** The connection the ledger (and, in {@link #lock}, the release lock) lives on. */
  public Connection connection() {
    return connection;
  }

  /**
   * What the ledger says of every step: its latest row and its latest applied row.
   *
   * @param latest the latest row of every step, by step key
   * @param lastApplied the latest SUCCEEDED, REPAIRED or BASELINED row of every step that has one
   *     since it was last forgotten (a deletion accepted by repair), by step key
   */
  public record History(Map<String, LedgerEntry> latest, Map<String, LedgerEntry> lastApplied) {
    /** A ledger with no rows. */
    public static History empty() {
      return new History(Map.of(), Map.of());
    }
  }

  /** Both views of the ledger, in two queries (empty when there is no ledger yet). */
  public History read() throws SQLException {
    if (!exists()) {
      return History.empty();
    }
    return new History(
        latestRows(""),
        latestRows(
            " WHERE outcome IN ('SUCCEEDED', 'REPAIRED', 'BASELINED') AND NOT EXISTS (SELECT 1 FROM"
                + " public."
                + TABLE
                + " f WHERE f.step = l.step AND f.outcome = 'FORGOTTEN' AND f.id > l.id)"));
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /** Creates the ledger table if missing (idempotent, safe under concurrent releases). */
  private void ensureTable() throws SQLException {
    LedgerTable.create(connection);
  }

  private boolean exists() throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, "public." + TABLE);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private Map<String, LedgerEntry> latestRows(String where) throws SQLException {
    Map<String, LedgerEntry> latest = new LinkedHashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT ON (step) "
                    + COLUMNS
                    + " FROM public."
                    + TABLE
                    + " l"
                    + where
                    + " ORDER BY step, id DESC")) {
      while (rs.next()) {
        LedgerEntry e = LedgerTable.read(rs);
        latest.put(e.key(), e);
      }
    }
    return latest;
  }

  /**
   * When a step was first attempted on this target: the start of its first ledger row (a row
   * written before the step runs, so during a first application it is that application's), after
   * any deliberate forgetting ({@code repair --accept} of a deleted file). Empty when the step has
   * no row, or there is no ledger.
   */
  public Optional<Instant> firstAttempt(String step) throws SQLException {
    if (!exists()) {
      return Optional.empty();
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT min(started_at) FROM public."
                + TABLE
                + " WHERE step = ? AND id > "
                + "coalesce((SELECT max(id) FROM public."
                + TABLE
                + " WHERE step = ? AND outcome = 'FORGOTTEN'), 0)")) {
      s.setString(1, step);
      s.setString(2, step);
      try (ResultSet rs = s.executeQuery()) {
        Timestamp first = rs.next() ? rs.getTimestamp(1) : null;
        return Optional.ofNullable(first).map(Timestamp::toInstant);
      }
    }
  }

  /**
   * The step's newest row that finished: not a STARTED row (the one of the run under way, or one a
   * killed run left). Empty when there is none, or no ledger.
   */
  public Optional<LedgerEntry> lastFinished(String step) throws SQLException {
    if (!exists()) {
      return Optional.empty();
    }
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM public."
                + TABLE
                + " l WHERE step = ? AND outcome <> 'STARTED' ORDER BY id DESC LIMIT 1")) {
      s.setString(1, step);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(LedgerTable.read(rs)) : Optional.empty();
      }
    }
  }

  /**
   * What a new row says.
   *
   * @param releaseId the release
   * @param key step key
   * @param description step description
   * @param kind step kind
   * @param store store label
   * @param file step file
   * @param checksum step checksum
   * @param context release context
   * @param appliedBy user@host
   */
  public record NewRow(
      UUID releaseId,
      String key,
      String description,
      String kind,
      String store,
      String file,
      String checksum,
      String context,
      String appliedBy) {}

  /** Appends a STARTED row (committed at once) and returns its id. */
  public long started(NewRow row, Instant at) throws SQLException {
    return insert(row, LedgerEntry.Outcome.STARTED, at, null, null, null, null, null);
  }

  /** Appends a finished row of another outcome (REPAIRED, ROLLED_BACK, FORGOTTEN, BASELINED). */
  public long record(
      NewRow row, LedgerEntry.Outcome outcome, Instant at, JsonNode details, String storeIdentity)
      throws SQLException {
    return insert(row, outcome, at, at, 0L, details, storeIdentity, null);
  }

  /** Completes a STARTED row with its outcome. */
  public void finished(
      long id,
      LedgerEntry.Outcome outcome,
      Instant at,
      long durationMs,
      JsonNode details,
      String storeIdentity,
      String error)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE public."
                + TABLE
                + " SET outcome = ?, finished_at = ?, duration_ms = ?, details = ?::jsonb,"
                + " store_identity = ?, error = ? WHERE id = ?")) {
      s.setString(1, outcome.name());
      s.setTimestamp(2, Timestamp.from(at));
      s.setLong(3, durationMs);
      LedgerTable.setJson(s, 4, details);
      s.setString(5, storeIdentity);
      s.setString(6, error);
      s.setLong(7, id);
      s.executeUpdate();
    }
  }

  private long insert(
      NewRow row,
      LedgerEntry.Outcome outcome,
      Instant started,
      Instant finished,
      Long durationMs,
      JsonNode details,
      String storeIdentity,
      String error)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO public."
                + TABLE
                + " (release_id, step, description, kind, store, file, checksum, context,"
                + " applied_by, outcome, started_at, finished_at, duration_ms, details,"
                + " store_identity, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb,"
                + " ?, ?) RETURNING id")) {
      s.setObject(1, row.releaseId());
      s.setString(2, row.key());
      s.setString(3, row.description());
      s.setString(4, row.kind());
      s.setString(5, row.store());
      s.setString(6, row.file());
      s.setString(7, row.checksum());
      s.setString(8, row.context());
      s.setString(9, row.appliedBy());
      s.setString(10, outcome.name());
      s.setTimestamp(11, Timestamp.from(started));
      s.setTimestamp(12, finished == null ? null : Timestamp.from(finished));
      if (durationMs == null) {
        s.setNull(13, Types.BIGINT);
      } else {
        s.setLong(13, durationMs);
      }
      LedgerTable.setJson(s, 14, details);
      s.setString(15, storeIdentity);
      s.setString(16, error);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
