package app.cruddur.ops.runner.internal.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's rows one by one, newest first ({@code cruddur history}): every attempt, where the
 * {@link Ledger} itself reads the latest row of each step.
 */
public final class LedgerAttempts {
  private LedgerAttempts() {}

  /**
   * Rows newest first, each filter given matching; at most {@code limit} (empty when there is no
   * ledger yet).
   *
   * @param byContains a text the row's {@code applied_by} contains
   */
  public static List<LedgerEntry> newestFirst(
      Ledger ledger,
      Optional<String> step,
      Optional<String> outcome,
      Optional<Instant> since,
      Optional<String> byContains,
      int limit)
      throws SQLException {
    Connection c = ledger.connection();
    try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, "public." + Ledger.TABLE);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return List.of();
        }
      }
    }
    List<String> where = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    step.ifPresent(v -> filter(where, values, "step = ?", v));
    outcome.ifPresent(v -> filter(where, values, "outcome = ?", v));
    since.ifPresent(v -> filter(where, values, "started_at >= ?", Timestamp.from(v)));
    byContains.ifPresent(v -> filter(where, values, "strpos(applied_by, ?) > 0", v));
    List<LedgerEntry> rows = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + LedgerTable.COLUMNS
                + " FROM public."
                + Ledger.TABLE
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY id DESC LIMIT ?")) {
      for (int i = 0; i < values.size(); i++) {
        s.setObject(i + 1, values.get(i));
      }
      s.setInt(values.size() + 1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(LedgerTable.read(rs));
        }
      }
    }
    return rows;
  }

  private static void filter(List<String> where, List<Object> values, String sql, Object value) {
    where.add(sql);
    values.add(value);
  }
}
