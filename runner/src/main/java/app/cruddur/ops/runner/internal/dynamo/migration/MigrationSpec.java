package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.api.migration.ItemMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code dynamodb-migration} step as declared: which items (a scan or a query, DynamoDB's own
 * filter, our {@code when}), what changes (expressions or a Java migration), the index it needs,
 * and how fast it may write.
 *
 * @param selection which items are read
 * @param when which of them the change applies to (evaluated here), or empty for all
 * @param change what is done to each
 * @param index a GSI of the model the migration needs (created where the runner owns the table)
 * @param budget how fast it may write
 */
public record MigrationSpec(
    Selection selection,
    Optional<Expression> when,
    Change change,
    Optional<String> index,
    Budget budget) {

  /** Which items DynamoDB returns. */
  public sealed interface Selection {
    /** DynamoDB's FilterExpression, applied by DynamoDB before items are returned. */
    Optional<String> filter();

    /** ExpressionAttributeNames of the key condition and filter. */
    Map<String, String> names();

    /** ExpressionAttributeValues (texts) of the key condition and filter. */
    Map<String, String> values();

    /**
     * Items a page at most (DynamoDB's Limit; a checkpoint is written after each page), or
     * DynamoDB's 1 MB pages.
     */
    OptionalInt pageSize();
  }

  /**
   * The whole table, in parallel segments (a number, or derived from the table's size when empty).
   */
  public record Scan(
      OptionalInt segments,
      Optional<String> filter,
      Map<String, String> names,
      Map<String, String> values,
      OptionalInt pageSize)
      implements Selection {
    public Scan {
      names = Map.copyOf(names);
      values = Map.copyOf(values);
    }
  }

  /** One key range of the table or of an index. */
  public record Query(
      Optional<String> index,
      String keyCondition,
      Optional<String> filter,
      Map<String, String> names,
      Map<String, String> values,
      OptionalInt pageSize)
      implements Selection {
    public Query {
      names = Map.copyOf(names);
      values = Map.copyOf(values);
    }
  }

  /** What is done to each selected item. */
  public sealed interface Change {}

  /**
   * Expressions: new key values ({@code move}), attributes set and removed.
   *
   * @param key new values of key attributes (a move when they differ), in file order
   * @param set attributes set, in file order
   * @param remove attributes removed
   */
  public record Rewrite(
      Map<String, Expression> key, Map<String, Expression> set, List<String> remove)
      implements Change {
    public Rewrite {
      key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
      set = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
      remove = List.copyOf(remove);
    }
  }

  /** A Java migration found with ServiceLoader. */
  public record JavaChange(ItemMigration migration) implements Change {}

  /** How fast the migration may write. */
  public sealed interface Budget {}

  /** As fast as the table takes it (throttling still backs off). */
  public record Unlimited() implements Budget {}

  /** At most this many items a second. */
  public record ItemsPerSecond(double rate) implements Budget {}

  /** This share (0–1] of the table's write capacity, read from DescribeTable. */
  public record CapacityShare(double share) implements Budget {}

  /** The default budget: half the table's capacity, so the app's own traffic keeps working. */
  public static final Budget DEFAULT_BUDGET = new CapacityShare(0.5);

  /** The planner of this change. */
  public ItemPlanner planner() {
    return change instanceof JavaChange j
        ? new JavaPlanner(when, j.migration())
        : new ExpressionPlanner(when, (Rewrite) change);
  }

  /** The migration in words, for the plan: "scan in 4 segments where …: move sk = …". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (selection instanceof Scan s) {
      parts.add(
          "scan"
              + (s.segments().isPresent() ? " in " + s.segments().getAsInt() + " segments" : ""));
    } else if (selection instanceof Query q) {
      parts.add("query " + q.index().map(i -> i + " ").orElse("") + q.keyCondition());
    }
    selection.filter().ifPresent(f -> parts.add("filter " + f));
    when.ifPresent(w -> parts.add("when " + w.text()));
    List<String> changes = new ArrayList<>();
    if (change instanceof JavaChange j) {
      changes.add("java " + j.migration().name());
    } else if (change instanceof Rewrite r) {
      r.key().forEach((k, e) -> changes.add("move " + k + " = " + e.text()));
      r.set().forEach((k, e) -> changes.add("set " + k + " = " + e.text()));
      r.remove().forEach(k -> changes.add("remove " + k));
    }
    index.ifPresent(i -> changes.add("index " + i));
    String budgetText =
        budget instanceof ItemsPerSecond p
            ? "at most " + format(p.rate()) + " items/s"
            : budget instanceof CapacityShare c
                ? format(c.share() * 100) + "% of the table's write capacity"
                : "unlimited";
    return String.join(" ", parts) + ": " + String.join(", ", changes) + "; budget " + budgetText;
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }
}
