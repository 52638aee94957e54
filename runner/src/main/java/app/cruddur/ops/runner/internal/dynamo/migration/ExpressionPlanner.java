package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.internal.dynamo.migration.Expression.ItemValueException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan of a step file's {@code change}: {@code move} (new key values), {@code set} and {@code
 * remove}, computed from the item's own attributes, for the items {@code when} selects. A value
 * that is absent is not set; an item whose new key would be absent fails.
 */
final class ExpressionPlanner implements ItemPlanner {
  private final Optional<Expression> when;
  private final MigrationSpec.Rewrite rewrite;
  private final Set<String> guarded;

  ExpressionPlanner(Optional<Expression> when, MigrationSpec.Rewrite rewrite) {
    this.when = when;
    this.rewrite = rewrite;
    Set<String> g = new LinkedHashSet<>();
    when.ifPresent(w -> g.addAll(w.attributes()));
    rewrite
        .set()
        .forEach(
            (name, e) -> {
              g.add(name);
              g.addAll(e.attributes());
            });
    g.addAll(rewrite.remove());
    this.guarded = Set.copyOf(g);
  }

  @Override
  public ItemPlan plan(Map<String, AttributeValue> item) {
    try {
      if (when.isPresent() && !Boolean.TRUE.equals(bool(when.get().evaluate(item)))) {
        return new ItemPlan.Skip();
      }
      Map<String, AttributeValue> after = new LinkedHashMap<>(item);
      boolean keyChanged = false;
      for (Map.Entry<String, Expression> key : rewrite.key().entrySet()) {
        AttributeValue value = key.getValue().evaluate(item);
        if (value == null || value.s() == null || value.s().isEmpty()) {
          return new ItemPlan.Failed(
              "its new "
                  + key.getKey()
                  + " ("
                  + key.getValue().text()
                  + ") is "
                  + (value == null ? "absent" : value.s() == null ? "not a text" : "empty"));
        }
        keyChanged |= !value.equals(item.get(key.getKey()));
        after.put(key.getKey(), value);
      }
      Map<String, AttributeValue> set = new LinkedHashMap<>();
      for (Map.Entry<String, Expression> s : rewrite.set().entrySet()) {
        AttributeValue value = s.getValue().evaluate(item);
        if (value != null && !value.equals(item.get(s.getKey()))) {
          set.put(s.getKey(), value);
          after.put(s.getKey(), value);
        }
      }
      Set<String> remove = new LinkedHashSet<>();
      for (String r : rewrite.remove()) {
        if (item.containsKey(r)) {
          remove.add(r);
          after.remove(r);
        }
      }
      if (keyChanged) {
        return new ItemPlan.Move(item, after);
      }
      if (set.isEmpty() && remove.isEmpty()) {
        return new ItemPlan.Unchanged();
      }
      return new ItemPlan.Update(item, after, set, remove, guarded);
    } catch (ItemValueException e) {
      return new ItemPlan.Failed(e.getMessage());
    }
  }

  private static Boolean bool(AttributeValue value) {
    if (value != null && value.bool() == null) {
      throw new ItemValueException("'when' must be true or false, not " + value.type());
    }
    return value == null ? Boolean.FALSE : value.bool();
  }
}
