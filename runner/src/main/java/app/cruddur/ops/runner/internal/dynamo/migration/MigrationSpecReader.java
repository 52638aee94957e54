package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.IndexDefinition;
import app.cruddur.ops.model.TableDefinition;
import app.cruddur.ops.runner.api.migration.ItemMigration;
import app.cruddur.ops.runner.internal.stepfile.StepFileException;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the keys of a {@code dynamodb-migration} step file into a {@link MigrationSpec}, checking
 * everything that can be checked without a store: expressions parse, functions exist, keys are the
 * model's, the index is one of the model's, a Java migration is on the class path. Every problem is
 * {@code file line n: what}.
 */
public final class MigrationSpecReader {
  /**
   * Most parallel scan segments a step may ask for (DynamoDB allows 1,000,000; more is never useful
   * here).
   */
  public static final int MAX_SEGMENTS = 1000;

  private final TableDefinition model;
  private final List<ItemMigration> javaMigrations;

  /**
   * A reader for {@code model}'s table, with the Java migrations on {@code loader}'s class path.
   */
  public MigrationSpecReader(TableDefinition model, ClassLoader loader) {
    this.model = model;
    List<ItemMigration> found = new ArrayList<>();
    ServiceLoader.load(ItemMigration.class, loader).forEach(found::add);
    this.javaMigrations = List.copyOf(found);
  }

  /** Reads {@code select}, {@code change}, {@code index} and {@code budget} of a step file. */
  public MigrationSpec read(YamlMap body) {
    YamlMap select =
        body.optionalMap("select")
            .orElseThrow(
                () ->
                    body.error(
                        "select",
                        "'select' is missing: say which items, e.g. select: {scan: {}} or select:"
                            + " {query: {key: 'pk = :pk'}, values: {':pk': ...}}"));
    Map<String, String> names = stringMap(select, "names");
    Map<String, String> values = stringMap(select, "values");
    Optional<String> filter =
        select.optionalString("filter").map(String::strip).filter(f -> !f.isEmpty());
    Optional<YamlMap> scan = select.optionalMap("scan");
    Optional<YamlMap> query = select.optionalMap("query");
    if (scan.isPresent() == query.isPresent()) {
      throw select.error(
          scan.isPresent() ? "query" : "scan",
          "'select' takes one of 'scan' (the whole table) or 'query' (one key range)");
    }
    MigrationSpec.Selection selection;
    if (scan.isPresent()) {
      YamlMap s = scan.get();
      OptionalInt segments =
          s.optionalPositiveInt("segments").map(OptionalInt::of).orElse(OptionalInt.empty());
      if (segments.isPresent() && segments.getAsInt() > MAX_SEGMENTS) {
        throw s.error(
            "segments", "'segments' is at most " + MAX_SEGMENTS + ", not " + segments.getAsInt());
      }
      OptionalInt pageSize = pageSize(s);
      s.rejectUnknownKeys("scan");
      selection = new MigrationSpec.Scan(segments, filter, names, values, pageSize);
    } else {
      YamlMap q = query.get();
      Optional<String> index = q.optionalString("index");
      index.ifPresent(i -> requireIndex(q, "index", i));
      String key =
          q.optionalString("key")
              .map(String::strip)
              .filter(k -> !k.isEmpty())
              .orElseThrow(
                  () ->
                      q.error(
                          "key",
                          "a query needs 'key', DynamoDB's key condition, e.g. key: 'pk = :pk'"));
      OptionalInt pageSize = pageSize(q);
      q.rejectUnknownKeys("query");
      selection = new MigrationSpec.Query(index, key, filter, names, values, pageSize);
    }
    Optional<Expression> when =
        select.optionalString("when").map(w -> expression(select, "when", w));
    select.rejectUnknownKeys("select");

    YamlMap change =
        body.optionalMap("change")
            .orElseThrow(
                () ->
                    body.error(
                        "change",
                        "'change' is missing: say what to do, e.g. change: {set: {name: \"concat(a,"
                            + " b)\"}} or change: {move: {sk: canonical_timestamp(sk)}}"));
    MigrationSpec.Change what = readChange(change);
    change.rejectUnknownKeys("change");

    Optional<String> index = body.optionalString("index");
    index.ifPresent(i -> requireIndex(body, "index", i));
    MigrationSpec.Budget budget = readBudget(body);
    return new MigrationSpec(selection, when, what, index, budget);
  }

  private MigrationSpec.Change readChange(YamlMap change) {
    Optional<String> java = change.optionalString("java");
    if (java.isPresent()) {
      for (String other : List.of("set", "remove", "move")) {
        if (change.has(other)) {
          throw change.error(
              other,
              "'java' and '"
                  + other
                  + "' cannot be combined: the Java migration says the whole change");
        }
      }
      String name = java.get().strip();
      ItemMigration migration =
          javaMigrations.stream()
              .filter(m -> m.name().equals(name))
              .findFirst()
              .orElseThrow(
                  () ->
                      change.error(
                          "java",
                          "no Java migration named '"
                              + name
                              + "' is on the class path"
                              + (javaMigrations.isEmpty()
                                  ? " (none is)"
                                  : " (found: "
                                      + String.join(
                                          ", ",
                                          javaMigrations.stream().map(ItemMigration::name).toList())
                                      + ")")
                              + "; list its class in META-INF/services/"
                              + ItemMigration.class.getName()));
      return new MigrationSpec.JavaChange(migration);
    }
    Map<String, Expression> key = new LinkedHashMap<>();
    Optional<YamlMap> move = change.optionalMap("move");
    if (move.isPresent()) {
      YamlMap m = move.get();
      for (String attribute : m.keys()) {
        if (!attribute.equals(model.partitionKey().name())
            && !attribute.equals(model.sortKey().name())) {
          throw m.error(
              attribute,
              "'move' gives new values of the key ("
                  + model.partitionKey().name()
                  + ", "
                  + model.sortKey().name()
                  + "), not of '"
                  + attribute
                  + "': set other attributes with 'set'");
        }
        key.put(attribute, expression(m, attribute, m.string(attribute)));
      }
      if (key.isEmpty()) {
        throw change.error(
            "move",
            "'move' is empty: give the new "
                + model.sortKey().name()
                + " (or "
                + model.partitionKey().name()
                + ")");
      }
    }
    Map<String, Expression> set = new LinkedHashMap<>();
    Optional<YamlMap> sets = change.optionalMap("set");
    if (sets.isPresent()) {
      YamlMap s = sets.get();
      for (String attribute : s.keys()) {
        if (attribute.equals(model.partitionKey().name())
            || attribute.equals(model.sortKey().name())) {
          throw s.error(
              attribute,
              "'"
                  + attribute
                  + "' is part of the key: a new value moves the item, so use move: {"
                  + attribute
                  + ": ...}");
        }
        set.put(attribute, expression(s, attribute, s.string(attribute)));
      }
    }
    List<String> remove = change.stringList("remove");
    for (String attribute : remove) {
      if (attribute.equals(model.partitionKey().name())
          || attribute.equals(model.sortKey().name())) {
        throw change.error(
            "remove", "'" + attribute + "' is part of the key and cannot be removed");
      }
      if (set.containsKey(attribute)) {
        throw change.error("remove", "'" + attribute + "' is both set and removed");
      }
    }
    change.rejectUnknownKeys("change"); // a typo first: "changes nothing" would hide it
    if (key.isEmpty() && set.isEmpty() && remove.isEmpty()) {
      throw change.error("set", "'change' changes nothing: give move, set, remove or java");
    }
    return new MigrationSpec.Rewrite(key, set, remove);
  }

  private MigrationSpec.Budget readBudget(YamlMap body) {
    Optional<Node> node = body.node("budget");
    if (node.isEmpty()) {
      return MigrationSpec.DEFAULT_BUDGET;
    }
    if (node.get() instanceof ScalarNode scalar) {
      if (scalar.getValue().strip().equals("unlimited")) {
        return new MigrationSpec.Unlimited();
      }
      throw body.error(
          "budget",
          "'budget' is unlimited, or a mapping: {max_items_per_second: N} or {capacity_share:"
              + " 0.25}");
    }
    if (!(node.get() instanceof MappingNode mapping)) {
      throw body.error(
          "budget",
          "'budget' is unlimited, or a mapping: {max_items_per_second: N} or {capacity_share:"
              + " 0.25}");
    }
    YamlMap b = new YamlMap(body.file(), mapping);
    Optional<Double> rate = number(b, "max_items_per_second");
    Optional<Double> share = number(b, "capacity_share");
    b.rejectUnknownKeys("budget");
    if (rate.isPresent() == share.isPresent()) {
      throw b.error(
          "max_items_per_second", "'budget' takes one of max_items_per_second or capacity_share");
    }
    if (rate.isPresent()) {
      if (rate.get() <= 0) {
        throw b.error("max_items_per_second", "'max_items_per_second' must be more than 0");
      }
      return new MigrationSpec.ItemsPerSecond(rate.get());
    }
    if (share.get() <= 0 || share.get() > 1) {
      throw b.error(
          "capacity_share",
          "'capacity_share' is a share of the table's write capacity, more than 0 and at most 1,"
              + " not "
              + share.get());
    }
    return new MigrationSpec.CapacityShare(share.get());
  }

  private static OptionalInt pageSize(YamlMap map) {
    return map.optionalPositiveInt("page_size").map(OptionalInt::of).orElse(OptionalInt.empty());
  }

  private void requireIndex(YamlMap map, String key, String name) {
    if (model.index(name).isEmpty()) {
      throw map.error(
          key,
          "the model has no index '"
              + name
              + "' (it has: "
              + String.join(
                  ", ", model.globalIndexes().stream().map(IndexDefinition::indexName).toList())
              + "); add it to the model (MessagesTable) first");
    }
  }

  private static Optional<Double> number(YamlMap map, String key) {
    return map.optionalString(key)
        .map(
            text -> {
              try {
                return Double.parseDouble(text.strip());
              } catch (NumberFormatException e) {
                throw map.error(key, "'" + key + "' must be a number, not '" + text + "'");
              }
            });
  }

  private static Map<String, String> stringMap(YamlMap parent, String key) {
    Optional<YamlMap> map = parent.optionalMap(key);
    Map<String, String> result = new LinkedHashMap<>();
    map.ifPresent(
        m -> {
          for (String k : m.keys()) {
            result.put(k, m.string(k));
          }
        });
    return result;
  }

  private static Expression expression(YamlMap map, String key, String text) {
    try {
      return ExpressionParser.parse(text);
    } catch (ExpressionParser.SyntaxException e) {
      throw new StepFileException(
          map.file(),
          map.line(key),
          "'"
              + key
              + "': "
              + e.getMessage()
              + " (at character "
              + e.position()
              + " of '"
              + text
              + "')");
    }
  }
}
