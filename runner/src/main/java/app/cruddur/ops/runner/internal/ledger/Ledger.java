package app.cruddur.ops.runner.internal.ledger;

import app.cruddur.ops.runner.internal.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The release ledger: an append-only table in the target's PostgreSQL recording every step
 * attempt (STARTED before, SUCCEEDED or FAILED after), who, when, how long, with which checksum
 * and against which store identity. The latest row of a step is its state.
 */
public final class Ledger {
  /** The ledger table. */
  public static final String TABLE = "cruddur_release_ledger";

  private static final String COLUMNS = "id, release_id, step, description, kind, store, file, checksum, store_identity, "
      + "context, details, outcome, applied_by, started_at, finished_at, duration_ms, error";

  private Ledger() {}

  /** Creates the ledger table if missing (idempotent, safe under concurrent releases). */
  public static void ensureTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS public." + TABLE + " ("
          + "id bigserial PRIMARY KEY, "
          + "release_id uuid NOT NULL, "
          + "step text NOT NULL, "
          + "description text NOT NULL, "
          + "kind text NOT NULL, "
          + "store text NOT NULL, "
          + "file text NOT NULL, "
          + "checksum text NOT NULL, "
          + "store_identity text, "
          + "context text NOT NULL, "
          + "details jsonb, "
          + "outcome text NOT NULL, "
          + "applied_by text NOT NULL, "
          + "started_at timestamptz NOT NULL, "
          + "finished_at timestamptz, "
          + "duration_ms bigint, "
          + "error text)");
      s.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_step_idx ON public." + TABLE + " (step, id DESC)");
    } catch (SQLException e) {
      // Two first releases at once may race on CREATE TABLE IF NOT EXISTS (unique_violation on the type).
      if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /** True when the ledger exists on this database. */
  public static boolean exists(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, "public." + TABLE);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** The latest row of every step, by step key (empty when there is no ledger yet). */
  public static Map<String, LedgerEntry> latest(Connection c) throws SQLException {
    Map<String, LedgerEntry> latest = new LinkedHashMap<>();
    if (!exists(c)) {
      return latest;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT DISTINCT ON (step) " + COLUMNS + " FROM public." + TABLE
            + " ORDER BY step, id DESC")) {
      while (rs.next()) {
        LedgerEntry e = read(rs);
        latest.put(e.key(), e);
      }
    }
    return latest;
  }

  /** The latest row with an applied outcome for a step (the checksum to compare against). */
  public static Optional<LedgerEntry> lastApplied(Connection c, String step) throws SQLException {
    if (!exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM public." + TABLE
        + " WHERE step = ? AND outcome IN ('SUCCEEDED', 'REPAIRED') ORDER BY id DESC LIMIT 1")) {
      s.setString(1, step);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /**
   * When a step was first attempted on this target: the start of its first ledger row (a row
   * written before the step runs, so during a first application it is that application's), after
   * any deliberate forgetting ({@code repair --accept} of a deleted file). Empty when the step has
   * no row, or there is no ledger.
   */
  public static Optional<Instant> firstAttempt(Connection c, String step) throws SQLException {
    if (!exists(c)) {
      return Optional.empty();
    }
    try (PreparedStatement s = c.prepareStatement("SELECT min(started_at) FROM public." + TABLE + " WHERE step = ? AND id > "
        + "coalesce((SELECT max(id) FROM public." + TABLE + " WHERE step = ? AND outcome = 'FORGOTTEN'), 0)")) {
      s.setString(1, step);
      s.setString(2, step);
      try (ResultSet rs = s.executeQuery()) {
        Timestamp first = rs.next() ? rs.getTimestamp(1) : null;
        return Optional.ofNullable(first).map(Timestamp::toInstant);
      }
    }
  }

  /** Every row, oldest first (the history). */
  public static List<LedgerEntry> history(Connection c) throws SQLException {
    List<LedgerEntry> rows = new ArrayList<>();
    if (!exists(c)) {
      return rows;
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM public." + TABLE + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(read(rs));
      }
    }
    return rows;
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
  public record NewRow(UUID releaseId, String key, String description, String kind, String store, String file,
      String checksum, String context, String appliedBy) {}

  /** Appends a STARTED row (committed at once) and returns its id. */
  public static long started(Connection c, NewRow row, Instant at) throws SQLException {
    return insert(c, row, LedgerEntry.Outcome.STARTED, at, null, null, null, null, null);
  }

  /** Appends a finished row of another outcome (REPAIRED, ROLLED_BACK, FORGOTTEN). */
  public static long record(Connection c, NewRow row, LedgerEntry.Outcome outcome, Instant at, JsonNode details,
      String storeIdentity) throws SQLException {
    return insert(c, row, outcome, at, at, 0L, details, storeIdentity, null);
  }

  /** Completes a STARTED row with its outcome. */
  public static void finished(Connection c, long id, LedgerEntry.Outcome outcome, Instant at, long durationMs,
      JsonNode details, String storeIdentity, String error) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE public." + TABLE
        + " SET outcome = ?, finished_at = ?, duration_ms = ?, details = ?::jsonb, store_identity = ?, error = ? WHERE id = ?")) {
      s.setString(1, outcome.name());
      s.setTimestamp(2, Timestamp.from(at));
      s.setLong(3, durationMs);
      setJson(s, 4, details);
      s.setString(5, storeIdentity);
      s.setString(6, error);
      s.setLong(7, id);
      s.executeUpdate();
    }
  }

  private static long insert(Connection c, NewRow row, LedgerEntry.Outcome outcome, Instant started, Instant finished,
      Long durationMs, JsonNode details, String storeIdentity, String error) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO public." + TABLE
        + " (release_id, step, description, kind, store, file, checksum, context, applied_by, outcome, started_at,"
        + " finished_at, duration_ms, details, store_identity, error)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) RETURNING id")) {
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
      setJson(s, 14, details);
      s.setString(15, storeIdentity);
      s.setString(16, error);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void setJson(PreparedStatement s, int index, JsonNode details) throws SQLException {
    if (details == null || details.isNull()) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, details.toString());
    }
  }

  private static LedgerEntry read(ResultSet rs) throws SQLException {
    String details = rs.getString("details");
    JsonNode detailsNode;
    try {
      detailsNode = details == null ? NullNode.getInstance() : Json.mapper().readTree(details);
    } catch (JsonProcessingException e) {
      detailsNode = NullNode.getInstance();
    }
    Timestamp finished = rs.getTimestamp("finished_at");
    long duration = rs.getLong("duration_ms");
    boolean durationNull = rs.wasNull();
    return new LedgerEntry(
        rs.getLong("id"),
        (UUID) rs.getObject("release_id"),
        rs.getString("step"),
        rs.getString("description"),
        rs.getString("kind"),
        rs.getString("store"),
        rs.getString("file"),
        rs.getString("checksum"),
        Optional.ofNullable(rs.getString("store_identity")),
        rs.getString("context"),
        detailsNode,
        LedgerEntry.Outcome.valueOf(rs.getString("outcome")),
        rs.getString("applied_by"),
        rs.getTimestamp("started_at").toInstant(),
        Optional.ofNullable(finished).map(Timestamp::toInstant),
        durationNull ? Optional.empty() : Optional.of(duration),
        Optional.ofNullable(rs.getString("error")));
  }
}
