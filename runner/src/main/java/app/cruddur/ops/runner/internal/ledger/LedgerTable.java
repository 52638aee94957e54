package app.cruddur.ops.runner.internal.ledger;

import app.cruddur.ops.runner.api.Json;
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
import java.util.Optional;
import java.util.UUID;

/**
 * The ledger's table as SQL sees it: its definition, its columns, and a row read back as a {@link
 * LedgerEntry}.
 */
final class LedgerTable {
  static final String TABLE = Ledger.TABLE;
  static final String COLUMNS =
      "id, release_id, step, description, kind, store, file, checksum, store_identity, "
          + "context, details, outcome, applied_by, started_at, finished_at, duration_ms, error";

  private LedgerTable() {}

  /** Creates the ledger table if missing (idempotent, safe under concurrent releases). */
  static void create(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS public."
              + TABLE
              + " ("
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
      s.execute(
          "CREATE INDEX IF NOT EXISTS "
              + TABLE
              + "_step_idx ON public."
              + TABLE
              + " (step, id DESC)");
    } catch (SQLException e) {
      // Two first releases at once may race on CREATE TABLE IF NOT EXISTS (unique_violation on the
      // type).
      if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  static void setJson(PreparedStatement s, int index, JsonNode details) throws SQLException {
    if (details == null || details.isNull()) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, details.toString());
    }
  }

  static LedgerEntry read(ResultSet rs) throws SQLException {
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
