package app.cruddur.ops.runner.internal.baseline;

import app.cruddur.ops.runner.internal.baseline.SchemaDiff.FieldDifference;
import app.cruddur.ops.runner.internal.baseline.SchemaDiff.ObjectKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The changesets that bring objects a database had before the runner to the shape our changesets
 * give them, where the difference would break a later changeset or the app's SQL: a missing column,
 * index, unique or primary key (ON CONFLICT and the app's reads need them), a default the inserts
 * rely on, NOT NULL the model has, a type of another family (an {@code integer} where the app
 * writes a {@code uuid}). Differences nothing breaks on are only reported: a timestamp with or
 * without time zone, another default expression, NOT NULL the model does not have, a missing
 * foreign key. Each changeset's SQL is the definition PostgreSQL itself gives of the object on the
 * scratch database ({@code format_type}, {@code pg_get_expr}, {@code pg_get_indexdef}, {@code
 * pg_get_constraintdef}), guarded by a precondition that finds the difference, so it is marked ran
 * without running anywhere else (a database built by the changesets, or an empty one).
 */
final class Reconciliation {
  private Reconciliation() {}

  /**
   * One reconciling changeset.
   *
   * @param id its id
   * @param why the difference it removes
   * @param condition SQL that is true where the difference is there
   * @param sql what it runs
   * @param rollback how it is undone
   */
  record Change(String id, String why, String condition, String sql, String rollback) {}

  /** A column as PostgreSQL defines it. */
  private record ColumnShape(String type, Optional<String> defaultExpression, boolean notNull) {}

  /**
   * The changes for {@code keys} (objects of changesets judged different), from the final diff.
   *
   * @param ours the scratch database, with every changeset built
   * @param theirs the live database
   */
  static List<Change> plan(
      Collection<ObjectKey> keys,
      Set<ObjectKey> missing,
      Map<ObjectKey, List<FieldDifference>> changed,
      Connection ours,
      Connection theirs)
      throws SQLException {
    List<Change> changes = new ArrayList<>();
    // columns first (an index or a constraint may need a column's new type), then by name
    List<ObjectKey> ordered = new ArrayList<>(keys);
    ordered.sort(
        java.util.Comparator.comparing((ObjectKey k) -> !k.type().equals("column"))
            .thenComparing(ObjectKey::relation)
            .thenComparing(ObjectKey::type)
            .thenComparing(ObjectKey::name));
    for (ObjectKey key : ordered) {
      if (missing.contains(key)) {
        added(key, ours).ifPresent(changes::add);
      } else if (changed.containsKey(key) && key.type().equals("column")) {
        changes.addAll(column(key, changed.get(key), ours, theirs));
      }
    }
    return changes;
  }

  private static Optional<Change> added(ObjectKey key, Connection ours) throws SQLException {
    String table = "public." + quote(key.relation());
    String exists = "to_regclass('" + table + "') IS NOT NULL";
    switch (key.type()) {
      case "column" -> {
        ColumnShape shape = shape(ours, key).orElseThrow();
        String def =
            shape.type()
                + shape.defaultExpression().map(d -> " DEFAULT " + d).orElse("")
                + (shape.notNull() && shape.defaultExpression().isPresent() ? " NOT NULL" : "");
        return Optional.of(
            new Change(
                id(key, "add"),
                key + " is missing",
                exists + " AND NOT " + columnExists(key, "true"),
                "ALTER TABLE " + table + " ADD COLUMN " + quote(key.name()) + " " + def + ";",
                "ALTER TABLE " + table + " DROP COLUMN " + quote(key.name()) + ";"));
      }
      case "index" -> {
        Optional<String> def = indexDefinition(ours, key);
        return def.map(
            d ->
                new Change(
                    id(key, "index"),
                    key + " is missing",
                    exists + " AND to_regclass('public." + quote(key.name()) + "') IS NULL",
                    d + ";",
                    "DROP INDEX public." + quote(key.name()) + ";"));
      }
      case "unique constraint", "primary key" -> {
        String def = constraintDefinition(ours, key).orElseThrow();
        return Optional.of(
            new Change(
                id(key, "constraint"),
                key + " is missing",
                exists
                    + " AND to_regclass('public."
                    + quote(key.name())
                    + "') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid ="
                    + " to_regclass('"
                    + table
                    + "') AND conname = '"
                    + key.name()
                    + "')",
                "ALTER TABLE " + table + " ADD CONSTRAINT " + quote(key.name()) + " " + def + ";",
                "ALTER TABLE " + table + " DROP CONSTRAINT " + quote(key.name()) + ";"));
      }
      default -> {
        return Optional.empty(); // a missing table or foreign key: reported, not reconciled
      }
    }
  }

  private static List<Change> column(
      ObjectKey key, List<FieldDifference> differences, Connection ours, Connection theirs)
      throws SQLException {
    ColumnShape model = shape(ours, key).orElseThrow();
    Optional<ColumnShape> found = shape(theirs, key);
    if (found.isEmpty()) {
      return List.of();
    }
    ColumnShape live = found.get();
    String table = "public." + quote(key.relation());
    String alter = "ALTER TABLE " + table + " ALTER COLUMN " + quote(key.name());
    List<Change> changes = new ArrayList<>();
    Set<String> fields = new java.util.HashSet<>();
    differences.forEach(d -> fields.add(d.field()));
    if (fields.contains("defaultValue")
        && live.defaultExpression().isEmpty()
        && model.defaultExpression().isPresent()) {
      String d = model.defaultExpression().get();
      changes.add(
          new Change(
              id(key, "default"),
              key + " has no default, the changesets give it " + d,
              columnExists(key, "NOT a.atthasdef"),
              alter + " SET DEFAULT " + d + ";",
              alter + " DROP DEFAULT;"));
    }
    if (fields.contains("type") && !(timestamp(model.type()) && timestamp(live.type()))) {
      changes.add(
          new Change(
              id(key, "type"),
              key + " is " + live.type() + ", the changesets make it " + model.type(),
              columnExists(key, "format_type(a.atttypid, a.atttypmod) = '" + live.type() + "'"),
              // through text, so a value that does not convert fails the change instead of being
              // lost
              alter
                  + " TYPE "
                  + model.type()
                  + " USING "
                  + quote(key.name())
                  + "::text::"
                  + model.type()
                  + ";",
              alter
                  + " TYPE "
                  + live.type()
                  + " USING "
                  + quote(key.name())
                  + "::text::"
                  + live.type()
                  + ";"));
    }
    if (fields.contains("nullable") && model.notNull() && !live.notNull()) {
      String fill =
          model
              .defaultExpression()
              .map(
                  d ->
                      "UPDATE "
                          + table
                          + " SET "
                          + quote(key.name())
                          + " = "
                          + d
                          + " WHERE "
                          + quote(key.name())
                          + " IS NULL;\n")
              .orElse("");
      changes.add(
          new Change(
              id(key, "not-null"),
              key + " may be NULL, the changesets make it NOT NULL",
              columnExists(key, "NOT a.attnotnull"),
              fill + alter + " SET NOT NULL;",
              alter + " DROP NOT NULL;"));
    }
    return changes;
  }

  private static boolean timestamp(String type) {
    return type.startsWith("timestamp");
  }

  private static String columnExists(ObjectKey key, String condition) {
    return "EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = to_regclass('public."
        + quote(key.relation())
        + "') AND a.attname = '"
        + key.name()
        + "' AND NOT a.attisdropped AND "
        + condition
        + ")";
  }

  private static String id(ObjectKey key, String what) {
    return "adopt-" + key.relation() + "-" + key.name() + "-" + what;
  }

  private static Optional<ColumnShape> shape(Connection c, ObjectKey key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid),"
                + " a.attnotnull FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid ="
                + " a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = to_regclass(?) AND"
                + " a.attname = ? AND NOT a.attisdropped")) {
      s.setString(1, "public." + quote(key.relation()));
      s.setString(2, key.name());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new ColumnShape(
                    rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getBoolean(3)))
            : Optional.empty();
      }
    }
  }

  /**
   * The index's definition; empty for an index that backs a constraint (the constraint makes it).
   */
  private static Optional<String> indexDefinition(Connection c, ObjectKey key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indexrelid ="
                + " to_regclass(?) AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid"
                + " = i.indexrelid)")) {
      s.setString(1, "public." + quote(key.name()));
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static Optional<String> constraintDefinition(Connection c, ObjectKey key)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = to_regclass(?)"
                + " AND conname = ?")) {
      s.setString(1, "public." + quote(key.relation()));
      s.setString(2, key.name());
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** An identifier as SQL writes it: plain when it is a plain lower-case name, else quoted. */
  static String quote(String identifier) {
    return identifier.matches("[a-z_][a-z0-9_]*")
        ? identifier
        : "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
