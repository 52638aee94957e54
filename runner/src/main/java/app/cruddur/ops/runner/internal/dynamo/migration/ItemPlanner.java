package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Decides what a migration does to each item: a step file's expressions, or a Java migration. */
public interface ItemPlanner {
  /** The plan for {@code item} (never throws for a bad item: that is {@link ItemPlan.Failed}). */
  ItemPlan plan(Map<String, AttributeValue> item);

  /**
   * The plan for {@code item}, checked for idempotency: planning the item it would write must find
   * nothing to do, or a resumed segment would change that item again.
   *
   * @throws NotIdempotentException naming the item and what the second application would change
   */
  default ItemPlan checkedPlan(Map<String, AttributeValue> item) {
    ItemPlan plan = plan(item);
    if (plan instanceof ItemPlan.Update || plan instanceof ItemPlan.Move) {
      Map<String, AttributeValue> after = ItemPlan.after(plan, item);
      ItemPlan again = plan(after);
      if (!(again instanceof ItemPlan.Unchanged) && !(again instanceof ItemPlan.Skip)) {
        String twice =
            again instanceof ItemPlan.Failed f
                ? "it fails: " + f.reason()
                : "it gives " + ItemSamples.describe(ItemPlan.after(again, after));
        throw new NotIdempotentException(
            ItemSamples.describe(item), ItemSamples.describe(after), twice);
      }
    }
    return plan;
  }

  /** Applying the change to its own result changes it again. */
  final class NotIdempotentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotIdempotentException(String item, String once, String twice) {
      super(
          "the change is not idempotent: applied to "
              + item
              + " it gives "
              + once
              + ", and applied to that "
              + twice
              + "; a resumed or rerun segment would change such items twice");
    }
  }
}
