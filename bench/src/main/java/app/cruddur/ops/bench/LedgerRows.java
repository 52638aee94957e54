package app.cruddur.ops.bench;

import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A release's ledger rows ({@code cruddur_release_ledger}) as what they say: the steps recorded and
 * what each row records of them, without what must differ between two runs of the same release —
 * row and release ids, times, who applied, and the per-process figures of a migration's details.
 * {@link #sameAsWhole} is the check that a release run as slices recorded what the uninterrupted
 * run recorded.
 *
 * @param rows every row, in order
 * @param releases how many releases recorded them (distinct release ids)
 */
record LedgerRows(List<Row> rows, long releases) {
  static final String PAUSED = "PAUSED";

  /**
   * Fields of a step's details that describe the process that recorded the row, not the step's
   * outcome: the checkpointed run's id, this process's pages, requests, throttling, back-off, time
   * and sampled items, and the segments an earlier process finished. Every other field (the counts
   * of the whole run: scanned, changed, already done, skipped, changed elsewhere, failed; segments;
   * budget; items changed by others) must be the same.
   */
  static final Set<String> PER_PROCESS =
      Set.of(
          "runId",
          "pagesRead",
          "requests",
          "throttledRetries",
          "backoffMillis",
          "throttleReasons",
          "samples",
          "elapsedMillis",
          "segmentsFinishedBefore");

  /**
   * One row, as it reads once the ids, times and the actor are set aside.
   *
   * @param storeIdentity the table's identity (its ARN and creation time, or TableId): equal within
   *     one run, different between runs on different tables
   */
  record Row(
      String step,
      String description,
      String kind,
      String store,
      String file,
      String checksum,
      String context,
      String outcome,
      String error,
      String storeIdentity,
      JsonNode details) {
    /** A row's details as read (JSON text, or null) without the {@link #PER_PROCESS} fields. */
    static JsonNode details(String step, String json) {
      JsonNode node;
      try {
        node = json == null ? null : Json.mapper().readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "the ledger row of " + step + " has details that are not JSON: " + e.getMessage(), e);
      }
      if (node instanceof ObjectNode o) {
        o.remove(PER_PROCESS);
      }
      return node;
    }

    /** What it says, without the store's identity (another table's, for another run). */
    Map<String, Object> says() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("step", step);
      m.put("description", description);
      m.put("kind", kind);
      m.put("store", store);
      m.put("file", file);
      m.put("checksum", checksum);
      m.put("context", context);
      m.put("outcome", outcome);
      m.put("error", error);
      m.put("details", details);
      return m;
    }

    /** The step this row is of, as its file and checksum name it. */
    Map<String, Object> stepSays() {
      Map<String, Object> m = says();
      m.remove("outcome");
      m.remove("details");
      return m;
    }
  }

  /** The rows in {@code db}'s ledger, in order. */
  static LedgerRows read(BenchDatabase db) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT step, description, kind, store, file, checksum, context, outcome, error,"
                    + " store_identity, details FROM cruddur_release_ledger ORDER BY id")) {
      while (rs.next()) {
        String step = rs.getString("step");
        rows.add(
            new Row(
                step,
                rs.getString("description"),
                rs.getString("kind"),
                rs.getString("store"),
                rs.getString("file"),
                rs.getString("checksum"),
                rs.getString("context"),
                rs.getString("outcome"),
                rs.getString("error"),
                rs.getString("store_identity"),
                Row.details(step, rs.getString("details"))));
      }
    }
    return new LedgerRows(
        rows, db.count("SELECT count(DISTINCT release_id) FROM cruddur_release_ledger"));
  }

  /** The rows slices recorded where they stopped inside a step. */
  long paused() {
    return rows.stream().filter(r -> r.outcome().equals(PAUSED)).count();
  }

  /**
   * Fails loudly unless {@code sliced} recorded what {@code whole} recorded: with its PAUSED rows
   * set aside, the same rows in the same order saying the same (counts of the whole run included);
   * each PAUSED row of a step that a later row of the same run completed; every row of a store with
   * one identity (the run's table).
   */
  static void sameAsWhole(LedgerRows whole, LedgerRows sliced, String who) {
    if (whole.rows().isEmpty()) {
      throw new IllegalStateException("the whole run recorded no ledger rows");
    }
    List<Map<String, Object>> expected = whole.rows().stream().map(Row::says).toList();
    List<Map<String, Object>> actual =
        sliced.rows().stream().filter(r -> !r.outcome().equals(PAUSED)).map(Row::says).toList();
    if (!actual.equals(expected)) {
      throw new IllegalStateException(
          who
              + "'s ledger, its PAUSED rows set aside, differs from the whole run's:\n  whole: "
              + expected
              + "\n  "
              + who
              + ": "
              + actual);
    }
    List<Row> rows = sliced.rows();
    for (int i = 0; i < rows.size(); i++) {
      Row paused = rows.get(i);
      if (!paused.outcome().equals(PAUSED)) {
        continue;
      }
      boolean completed =
          rows.subList(i + 1, rows.size()).stream()
              .anyMatch(r -> !r.outcome().equals(PAUSED) && r.stepSays().equals(paused.stepSays()));
      if (!completed || paused.error() != null) {
        throw new IllegalStateException(
            who
                + "'s ledger has a PAUSED row of "
                + paused.step()
                + " that no later row completes (or with an error): "
                + paused.says());
      }
    }
    for (LedgerRows run : List.of(whole, sliced)) {
      Map<String, Set<String>> identities = new LinkedHashMap<>();
      for (Row r : run.rows()) {
        identities
            .computeIfAbsent(r.store(), s -> new LinkedHashSet<>())
            .add(Objects.toString(r.storeIdentity()));
      }
      identities.forEach(
          (store, ids) -> {
            if (ids.size() != 1 || ids.contains("null") || ids.contains("absent")) {
              throw new IllegalStateException(
                  (run == whole ? "the whole run" : who)
                      + " recorded "
                      + store
                      + " with the identities "
                      + ids
                      + ", not the one table it ran on");
            }
          });
    }
  }
}
