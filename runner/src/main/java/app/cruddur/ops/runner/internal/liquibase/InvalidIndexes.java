package app.cruddur.ops.runner.internal.liquibase;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Indexes PostgreSQL marks invalid ({@code pg_index.indisvalid = false}): what a {@code CREATE
 * INDEX CONCURRENTLY} leaves when it fails or its session dies. A release never succeeds with one:
 * before an update, those a pending changeset is about to build again are dropped (any other stops
 * the release, naming it); after it, any left fails the step.
 */
final class InvalidIndexes {
  private static final String QUERY =
      """
      SELECT n.nspname, c.relname FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg_toast%'
        AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid)
      ORDER BY 1, 2\
      """;

  private InvalidIndexes() {}

  /** An invalid index (not being built by anyone right now). */
  record Index(String schema, String name) {
    String qualified() {
      return quote(schema) + "." + quote(name);
    }

    private static String quote(String identifier) {
      return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
  }

  static List<Index> find(Connection c) throws SQLException {
    List<Index> found = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(QUERY);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        found.add(new Index(rs.getString(1), rs.getString(2)));
      }
    }
    return found;
  }

  /**
   * Before an update: drops the invalid indexes that {@code pending} changesets build again, and
   * refuses to go on over any other.
   */
  static void clearBeforeUpdate(
      Connection c, Collection<ChangeSetInfo> pending, Consumer<String> notices)
      throws SQLException {
    Set<String> rebuilt =
        pending.stream().flatMap(cs -> cs.concurrentIndexes().stream()).collect(Collectors.toSet());
    List<String> others = new ArrayList<>();
    for (Index index : find(c)) {
      if (!rebuilt.contains(index.name())) {
        others.add(index.schema() + "." + index.name());
        continue;
      }
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index.qualified());
      } finally {
        c.setAutoCommit(autoCommit);
      }
      notices.accept(
          "dropped the invalid index "
              + index.schema()
              + "."
              + index.name()
              + " left by a CREATE INDEX CONCURRENTLY that did not finish; a pending changeset"
              + " builds it again");
    }
    if (!others.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.LIQUIBASE_FAILED,
          "PostgreSQL has "
              + (others.size() == 1 ? "an invalid index, " : "invalid indexes, ")
              + String.join(", ", others)
              + " (a CREATE INDEX CONCURRENTLY that failed or was interrupted), which no pending"
              + " changeset builds",
          "Drop it (DROP INDEX CONCURRENTLY "
              + others.get(0)
              + ") and rerun the release; if a changeset was recorded "
              + "for it, roll that changeset back first (cruddur db rollback)");
    }
  }
}
