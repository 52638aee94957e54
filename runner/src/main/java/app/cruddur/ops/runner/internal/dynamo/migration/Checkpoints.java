package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where each segment of a migration run stands, in the target's PostgreSQL beside the ledger: a run
 * per (step, checksum, table identity), a row per segment with the position after its last fully
 * written page (DynamoDB's LastEvaluatedKey) and its counts, updated together in one statement per
 * page; and a read log, a row per page read, which is how a resumed run can be shown never to have
 * read a finished segment again. A release killed with {@code kill -9} resumes each segment from
 * its row and skips the finished ones.
 *
 * <p>Longer than our usual class (about 290 lines) on purpose: it is the one place that knows the
 * three checkpoint tables (their DDL, every statement on them) and how a DynamoDB position is
 * written to and read from them; split, the schema would be spread over several files.
 */
public final class Checkpoints implements AutoCloseable {
  /** A run and its segments. */
  public static final String RUNS = "cruddur_migration_run";

  /** Each segment's position and counts. */
  public static final String SEGMENTS = "cruddur_migration_segment";

  /** Every page read, with the segment's position before it. */
  public static final String READS = "cruddur_migration_read";

  /**
   * One segment's state.
   *
   * @param segment its number (0-based)
   * @param position where the next page starts (empty: at the beginning)
   * @param finished true when every page was read and written
   * @param counts what it did so far
   */
  public record Segment(
      int segment,
      Optional<Map<String, AttributeValue>> position,
      boolean finished,
      MigrationCounts counts) {}

  /**
   * A run of a step.
   *
   * @param runId its id
   * @param segments how many segments it scans
   * @param startedAt when it started
   * @param finishedAt when every segment was finished, if it was
   * @param state each segment (the list index is the segment number)
   */
  public record Run(
      UUID runId,
      int segments,
      Instant startedAt,
      Optional<Instant> finishedAt,
      List<Segment> state) {
    /** True when every segment is finished. */
    public boolean finished() {
      return finishedAt.isPresent();
    }

    /** The counts of every segment added. */
    public MigrationCounts counts() {
      return state.stream()
          .map(Segment::counts)
          .reduce(MigrationCounts.ZERO, MigrationCounts::plus);
    }

    /** Segments finished. */
    public long finishedSegments() {
      return state.stream().filter(Segment::finished).count();
    }
  }

  private final Connection connection;

  private Checkpoints(Connection connection) {
    this.connection = connection;
  }

  /**
   * The checkpoints on {@code connection} (which this object closes), tables created if missing.
   */
  public static Checkpoints open(Connection connection) throws SQLException {
    ensureTables(connection);
    return new Checkpoints(connection);
  }

  static void ensureTables(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS public."
              + RUNS
              + " (run_id uuid PRIMARY KEY, step text NOT NULL, checksum text NOT NULL,"
              + " store_identity text NOT NULL, segments int NOT NULL, started_at timestamptz NOT"
              + " NULL, started_by text NOT NULL, finished_at timestamptz)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS "
              + RUNS
              + "_step_idx ON public."
              + RUNS
              + " (step, started_at DESC)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS public."
              + SEGMENTS
              + " (run_id uuid NOT NULL REFERENCES public."
              + RUNS
              + " ON DELETE CASCADE, segment int NOT NULL, position jsonb, finished boolean NOT"
              + " NULL DEFAULT false, scanned bigint NOT NULL DEFAULT 0, changed bigint NOT NULL"
              + " DEFAULT 0, already_done bigint NOT NULL DEFAULT 0, skipped bigint NOT NULL"
              + " DEFAULT 0, changed_elsewhere bigint NOT NULL DEFAULT 0, failed bigint NOT NULL"
              + " DEFAULT 0, pages int NOT NULL DEFAULT 0, updated_at timestamptz, PRIMARY KEY"
              + " (run_id, segment))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS public."
              + READS
              + " (id bigserial PRIMARY KEY, run_id uuid NOT NULL REFERENCES public."
              + RUNS
              + " ON DELETE CASCADE, segment int NOT NULL, from_position jsonb, items int NOT NULL,"
              + " read_at timestamptz NOT NULL, read_by text NOT NULL)");
    } catch (SQLException e) {
      // two first runs at once may race on CREATE ... IF NOT EXISTS (unique_violation on the type)
      if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /**
   * The run to continue for this step on this table: the latest with the same checksum and table
   * identity that is unfinished, or finished with nothing failed (a crash after the pass and before
   * the ledger heard of it). Empty when a new pass is needed.
   */
  public synchronized Optional<Run> resumable(String step, String checksum, String storeIdentity)
      throws SQLException {
    UUID runId;
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT run_id, finished_at, "
                + "(SELECT coalesce(sum(failed), 0) FROM public."
                + SEGMENTS
                + " g WHERE g.run_id = r.run_id) AS failed "
                + "FROM public."
                + RUNS
                + " r WHERE step = ? AND checksum = ? AND store_identity = ? ORDER BY started_at"
                + " DESC LIMIT 1")) {
      s.setString(1, step);
      s.setString(2, checksum);
      s.setString(3, storeIdentity);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        boolean finished = rs.getTimestamp("finished_at") != null;
        if (finished && rs.getLong("failed") > 0) {
          return Optional.empty();
        }
        runId = (UUID) rs.getObject("run_id");
      }
    }
    return Optional.of(run(runId));
  }

  /** Starts a run of {@code segments} segments, each at the beginning. */
  public synchronized Run start(
      String step, String checksum, String storeIdentity, int segments, String startedBy)
      throws SQLException {
    UUID runId = UUID.randomUUID();
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT INTO public."
                  + RUNS
                  + " (run_id, step, checksum, store_identity, segments, started_at, started_by)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        s.setObject(1, runId);
        s.setString(2, step);
        s.setString(3, checksum);
        s.setString(4, storeIdentity);
        s.setInt(5, segments);
        s.setTimestamp(6, Timestamp.from(Instant.now()));
        s.setString(7, startedBy);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT INTO public."
                  + SEGMENTS
                  + " (run_id, segment, updated_at) SELECT ?, g, now() FROM generate_series(0, ? -"
                  + " 1) g")) {
        s.setObject(1, runId);
        s.setInt(2, segments);
        s.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return run(runId);
  }

  /** Records that a page of {@code segment} starting at {@code from} was read. */
  public synchronized void pageRead(
      UUID runId, int segment, Optional<Map<String, AttributeValue>> from, int items, String readBy)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "INSERT INTO public."
                + READS
                + " (run_id, segment, from_position, items, read_at, read_by) VALUES (?, ?,"
                + " ?::jsonb, ?, now(), ?)")) {
      s.setObject(1, runId);
      s.setInt(2, segment);
      s.setString(3, from.map(Checkpoints::toJson).orElse(null));
      s.setInt(4, items);
      s.setString(5, readBy);
      s.executeUpdate();
    }
  }

  /**
   * Moves {@code segment} past a page whose every item was handled: its new position (empty when
   * the segment is finished) and the page's counts, in one statement.
   */
  public synchronized void pageDone(
      UUID runId, int segment, Optional<Map<String, AttributeValue>> next, MigrationCounts page)
      throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE public."
                + SEGMENTS
                + " SET position = ?::jsonb, finished = ?, scanned = scanned + ?, changed = changed"
                + " + ?, already_done = already_done + ?, skipped = skipped + ?, changed_elsewhere"
                + " = changed_elsewhere + ?, failed = failed + ?, pages = pages + 1, updated_at ="
                + " now() WHERE run_id = ? AND segment = ?")) {
      s.setString(1, next.map(Checkpoints::toJson).orElse(null));
      s.setBoolean(2, next.isEmpty());
      s.setLong(3, page.scanned());
      s.setLong(4, page.changed());
      s.setLong(5, page.alreadyDone());
      s.setLong(6, page.skipped());
      s.setLong(7, page.changedElsewhere());
      s.setLong(8, page.failed());
      s.setObject(9, runId);
      s.setInt(10, segment);
      s.executeUpdate();
    }
  }

  /** The log a pass of run {@code runId} records its pages in, reading as {@code actor}. */
  SegmentLog log(UUID runId, String actor) {
    return new SegmentLog() {
      @Override
      public void pageRead(int segment, Optional<Map<String, AttributeValue>> from, int items)
          throws CheckpointException {
        try {
          Checkpoints.this.pageRead(runId, segment, from, items, actor);
        } catch (SQLException e) {
          throw new CheckpointException(e.getMessage(), e);
        }
      }

      @Override
      public boolean pageDone(
          int segment, Optional<Map<String, AttributeValue>> next, MigrationCounts page)
          throws CheckpointException {
        try {
          Checkpoints.this.pageDone(runId, segment, next, page);
          return true;
        } catch (SQLException e) {
          throw new CheckpointException(e.getMessage(), e);
        }
      }
    };
  }

  /** Marks the run finished. */
  public synchronized void finish(UUID runId) throws SQLException {
    try (PreparedStatement s =
        connection.prepareStatement(
            "UPDATE public." + RUNS + " SET finished_at = now() WHERE run_id = ?")) {
      s.setObject(1, runId);
      s.executeUpdate();
    }
  }

  /** The run as stored. */
  public synchronized Run run(UUID runId) throws SQLException {
    int segments;
    Instant startedAt;
    Optional<Instant> finishedAt;
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT segments, started_at, finished_at FROM public." + RUNS + " WHERE run_id = ?")) {
      s.setObject(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("no migration run " + runId);
        }
        segments = rs.getInt(1);
        startedAt = rs.getTimestamp(2).toInstant();
        finishedAt = Optional.ofNullable(rs.getTimestamp(3)).map(java.sql.Timestamp::toInstant);
      }
    }
    List<Segment> state = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT segment, position, finished, scanned, changed, already_done, "
                + "skipped, changed_elsewhere, failed FROM public."
                + SEGMENTS
                + " WHERE run_id = ? ORDER BY segment")) {
      s.setObject(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          String position = rs.getString("position");
          state.add(
              new Segment(
                  rs.getInt("segment"),
                  Optional.ofNullable(position).map(Checkpoints::fromJson),
                  rs.getBoolean("finished"),
                  new MigrationCounts(
                      rs.getLong("scanned"),
                      rs.getLong("changed"),
                      rs.getLong("already_done"),
                      rs.getLong("skipped"),
                      rs.getLong("changed_elsewhere"),
                      rs.getLong("failed"))));
        }
      }
    }
    return new Run(runId, segments, startedAt, finishedAt, List.copyOf(state));
  }

  @Override
  public synchronized void close() throws SQLException {
    connection.close();
  }

  /** A key as JSON in DynamoDB's own notation: {@code {"pk": {"S": "MSG#…"}}}. */
  static String toJson(Map<String, AttributeValue> key) {
    ObjectNode node = Json.mapper().createObjectNode();
    key.forEach(
        (name, value) -> {
          ObjectNode typed = node.putObject(name);
          switch (value.type()) {
            case S -> typed.put("S", value.s());
            case N -> typed.put("N", value.n());
            case B -> typed.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            default ->
                throw new IllegalArgumentException(
                    "a key attribute is S, N or B, not " + value.type());
          }
        });
    return node.toString();
  }

  static Map<String, AttributeValue> fromJson(String json) {
    try {
      JsonNode node = Json.mapper().readTree(json);
      Map<String, AttributeValue> key = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        JsonNode typed = e.getValue();
        if (typed.has("S")) {
          key.put(e.getKey(), AttributeValue.fromS(typed.get("S").asText()));
        } else if (typed.has("N")) {
          key.put(e.getKey(), AttributeValue.fromN(typed.get("N").asText()));
        } else {
          key.put(
              e.getKey(),
              AttributeValue.fromB(
                  SdkBytes.fromByteArray(Base64.getDecoder().decode(typed.get("B").asText()))));
        }
      }
      return key;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a checkpoint position is not JSON: " + json, e);
    }
  }
}
