package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.ItemKeys;
import app.cruddur.ops.model.MalformedItemException;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.api.migration.ItemMigration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The plan of a Java migration ({@link ItemMigration}): each {@code MSG#} item read as a {@link
 * Message}, each {@code GRP#} item as a {@link MessageGroupRow}, migrated, and written back in the
 * model's form. Attributes the model does not know are kept; the write is conditional on the whole
 * item as read (the migration may have read any of it).
 */
final class JavaPlanner implements ItemPlanner {
  private final Optional<Expression> when;
  private final ItemMigration migration;

  JavaPlanner(Optional<Expression> when, ItemMigration migration) {
    this.when = when;
    this.migration = migration;
  }

  @Override
  public ItemPlan plan(Map<String, AttributeValue> item) {
    try {
      if (when.isPresent()) {
        AttributeValue selected = when.get().evaluate(item);
        if (selected == null || !Boolean.TRUE.equals(selected.bool())) {
          return new ItemPlan.Skip();
        }
      }
      String pk = item.containsKey(MessagesTable.PK) ? item.get(MessagesTable.PK).s() : null;
      Map<String, String> migrated;
      if (pk != null && pk.startsWith(ItemKeys.MESSAGE_PREFIX)) {
        migrated = migration.migrate(Message.fromAttributes(Items.toStrings(item))).toAttributes();
      } else if (pk != null && pk.startsWith(ItemKeys.GROUP_PREFIX)) {
        migrated =
            migration.migrate(MessageGroupRow.fromAttributes(Items.toStrings(item))).toAttributes();
      } else {
        return new ItemPlan.Skip();
      }
      Map<String, AttributeValue> after = new LinkedHashMap<>(item);
      after.putAll(Items.toAttributeValues(migrated));
      if (after.equals(item)) {
        return new ItemPlan.Unchanged();
      }
      boolean keyChanged =
          !after.get(MessagesTable.PK).equals(item.get(MessagesTable.PK))
              || !after.get(MessagesTable.SK).equals(item.get(MessagesTable.SK));
      if (keyChanged) {
        return new ItemPlan.Move(item, after);
      }
      Map<String, AttributeValue> set = new LinkedHashMap<>();
      after.forEach(
          (name, value) -> {
            if (!value.equals(item.get(name))) {
              set.put(name, value);
            }
          });
      Set<String> guarded = new LinkedHashSet<>(item.keySet());
      return new ItemPlan.Update(item, after, set, Set.of(), guarded);
    } catch (MalformedItemException e) {
      return new ItemPlan.Failed("the model cannot read it: " + e.getMessage());
    } catch (RuntimeException e) {
      return new ItemPlan.Failed(migration.name() + " failed on it: " + e);
    }
  }
}
