package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a migration does to one item it read. */
public sealed interface ItemPlan {
  /** Outside the migration's selection ({@code when} is false, not an item type it changes). */
  record Skip() implements ItemPlan {}

  /** Already in the form the migration writes. */
  record Unchanged() implements ItemPlan {}

  /**
   * Attributes set and removed in place (UpdateItem), conditional on the guarded attributes still
   * having the values read.
   *
   * @param before the item as read
   * @param after the item as it will be
   * @param set attributes to set, with their new values
   * @param remove attributes to remove
   * @param guarded attributes whose read value (absent: not in {@code before}) the write requires
   */
  record Update(
      Map<String, AttributeValue> before,
      Map<String, AttributeValue> after,
      Map<String, AttributeValue> set,
      Set<String> remove,
      Set<String> guarded)
      implements ItemPlan {}

  /**
   * A move to a new key: put {@code after} where nothing is, delete {@code before} if it is still
   * exactly as read, in one transaction.
   */
  record Move(Map<String, AttributeValue> before, Map<String, AttributeValue> after)
      implements ItemPlan {}

  /** The migration cannot change this item (a sort key that is not a timestamp); it is reported. */
  record Failed(String reason) implements ItemPlan {}

  /** The item the plan writes, or the one read when it writes nothing. */
  static Map<String, AttributeValue> after(ItemPlan plan, Map<String, AttributeValue> read) {
    if (plan instanceof Update u) {
      return u.after();
    }
    if (plan instanceof Move m) {
      return m.after();
    }
    return read;
  }
}
