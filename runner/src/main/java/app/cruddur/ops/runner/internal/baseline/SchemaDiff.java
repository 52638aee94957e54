package app.cruddur.ops.runner.internal.baseline;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liquibase.CatalogAndSchema;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.diff.DiffGeneratorFactory;
import liquibase.diff.DiffResult;
import liquibase.diff.Difference;
import liquibase.diff.ObjectDifferences;
import liquibase.diff.compare.CompareControl;
import liquibase.snapshot.DatabaseSnapshot;
import liquibase.snapshot.SnapshotControl;
import liquibase.snapshot.SnapshotGeneratorFactory;
import liquibase.structure.DatabaseObject;
import liquibase.structure.core.Column;
import liquibase.structure.core.ForeignKey;
import liquibase.structure.core.Index;
import liquibase.structure.core.PrimaryKey;
import liquibase.structure.core.Relation;
import liquibase.structure.core.Table;
import liquibase.structure.core.UniqueConstraint;

/**
 * Liquibase's snapshot and diff of the public schema, as keys: the tables, columns, primary keys,
 * unique constraints, indexes and foreign keys (what a core snapshot sees), outside the runner's
 * own tables; a changed object with the fields that matter (a column's type, nullability and
 * default).
 */
final class SchemaDiff {
  private static final Set<Class<? extends DatabaseObject>> TYPES =
      Set.of(
          Table.class,
          Column.class,
          PrimaryKey.class,
          UniqueConstraint.class,
          Index.class,
          ForeignKey.class);

  /** Column fields that matter to the app and to later changesets. */
  private static final Set<String> COLUMN_FIELDS = Set.of("type", "nullable", "defaultValue");

  /** Fields that say nothing about what the object does. */
  private static final Set<String> IGNORED_FIELDS =
      Set.of("order", "remarks", "clustered", "backingIndex", "validate", "validateNullable");

  private SchemaDiff() {}

  /** An object of the schema, by what names it. */
  record ObjectKey(String type, String relation, String name) {
    @Override
    public String toString() {
      return switch (type) {
        case "table" -> "table " + relation;
        case "column" -> relation + "." + name;
        default -> type + " " + name + " on " + relation;
      };
    }
  }

  /** One field of an object that differs: ours as the changesets make it, theirs as found. */
  record FieldDifference(String field, String ours, String theirs) {}

  /**
   * A diff as keys.
   *
   * @param missing objects of the reference the comparison lacks
   * @param unexpected objects of the comparison the reference lacks
   * @param changed objects in both, with the fields that differ
   */
  record Diff(
      Set<ObjectKey> missing,
      Set<ObjectKey> unexpected,
      Map<ObjectKey, List<FieldDifference>> changed) {}

  static Database database(Connection c) throws Exception {
    return DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
  }

  static DatabaseSnapshot snapshot(Database database) throws Exception {
    return SnapshotGeneratorFactory.getInstance()
        .createSnapshot(
            new CatalogAndSchema[] {new CatalogAndSchema(null, "public")},
            database,
            new SnapshotControl(database, TYPES.toArray(Class[]::new)));
  }

  /** The diff of {@code reference} (what should be) against {@code comparison} (what is). */
  static Diff diff(DatabaseSnapshot reference, DatabaseSnapshot comparison) throws Exception {
    DiffResult result =
        DiffGeneratorFactory.getInstance()
            .compare(reference, comparison, new CompareControl(new java.util.HashSet<>(TYPES)));
    Set<ObjectKey> missing = new LinkedHashSet<>();
    for (DatabaseObject o : result.getMissingObjects()) {
      ObjectKey key = keyOf(o);
      if (key != null) {
        missing.add(key);
      }
    }
    Set<ObjectKey> unexpected = new LinkedHashSet<>();
    for (DatabaseObject o : result.getUnexpectedObjects()) {
      ObjectKey key = keyOf(o);
      if (key != null) {
        unexpected.add(key);
      }
    }
    Map<ObjectKey, List<FieldDifference>> changed = new HashMap<>();
    for (Map.Entry<DatabaseObject, ObjectDifferences> e : result.getChangedObjects().entrySet()) {
      ObjectKey key = keyOf(e.getKey());
      if (key == null) {
        continue;
      }
      List<FieldDifference> fields = new ArrayList<>();
      for (Difference d : e.getValue().getDifferences()) {
        if (IGNORED_FIELDS.contains(d.getField())
            || key.type().equals("column") && !COLUMN_FIELDS.contains(d.getField())) {
          continue;
        }
        fields.add(
            new FieldDifference(
                d.getField(), text(d.getReferenceValue()), text(d.getComparedValue())));
      }
      if (!fields.isEmpty()) {
        changed.put(key, List.copyOf(fields));
      }
    }
    return new Diff(missing, unexpected, changed);
  }

  private static String text(Object value) {
    return value == null ? "none" : value.toString();
  }

  /** The key of an object of the compared types outside the runner's own tables; else null. */
  static ObjectKey keyOf(DatabaseObject o) {
    ObjectKey key = null;
    if (o instanceof Table t) {
      key = new ObjectKey("table", name(t), "");
    } else if (o instanceof Column c && c.getRelation() instanceof Table t) {
      key = new ObjectKey("column", name(t), lower(c));
    } else if (o instanceof PrimaryKey p) {
      key = new ObjectKey("primary key", name(p.getTable()), lower(p));
    } else if (o instanceof UniqueConstraint u) {
      key = new ObjectKey("unique constraint", name(u.getRelation()), lower(u));
    } else if (o instanceof Index i) {
      key = new ObjectKey("index", name(i.getRelation()), lower(i));
    } else if (o instanceof ForeignKey f) {
      key = new ObjectKey("foreign key", name(f.getForeignKeyTable()), lower(f));
    }
    return key == null || runnersOwn(key.relation()) ? null : key;
  }

  private static boolean runnersOwn(String relation) {
    return relation.equals("databasechangelog")
        || relation.equals("databasechangeloglock")
        || relation.startsWith("cruddur_");
  }

  private static String name(Relation r) {
    return r == null || r.getName() == null ? "" : r.getName().toLowerCase(java.util.Locale.ROOT);
  }

  private static String lower(DatabaseObject o) {
    return o.getName() == null ? "" : o.getName().toLowerCase(java.util.Locale.ROOT);
  }
}
