package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Locale;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A step's budget against a real table: {@code max_items_per_second} counts items, a {@code
 * capacity_share} counts write capacity units from DescribeTable — provisioned WCU (the smallest of
 * the table's and its GSIs', since every write to an indexed item also writes the index), or
 * on-demand's maximum when one is set, else the 4,000 write units a second a new on-demand table
 * starts with. A write costs one unit per KB of the item (the table's average, rounded up), twice
 * that in a transaction (a move is a transactional put and delete: four).
 */
public final class Budgets {
  /**
   * What a new on-demand table serves at once, write request units a second (AWS documentation).
   */
  public static final double NEW_ON_DEMAND_WRITES = 4000;

  private Budgets() {}

  /** The budget of {@code spec} on {@code table}. */
  public static WriteBudget of(MigrationSpec.Budget spec, TableDescription table) {
    if (spec instanceof MigrationSpec.Unlimited) {
      return WriteBudget.unlimited();
    }
    if (spec instanceof MigrationSpec.ItemsPerSecond p) {
      return WriteBudget.perSecond(p.rate(), "max_items_per_second " + p.rate());
    }
    double share = ((MigrationSpec.CapacityShare) spec).share();
    String basis;
    double capacity;
    if (table.billingModeSummary() != null
            && table.billingModeSummary().billingMode() == BillingMode.PAY_PER_REQUEST
        || table.provisionedThroughput() == null
        || table.provisionedThroughput().writeCapacityUnits() == null
        || table.provisionedThroughput().writeCapacityUnits() == 0) {
      Long max =
          table.onDemandThroughput() == null
              ? null
              : table.onDemandThroughput().maxWriteRequestUnits();
      if (max != null && max > 0) {
        capacity = max;
        basis = "on-demand maximum of " + max + " WRU/s";
      } else {
        capacity = NEW_ON_DEMAND_WRITES;
        basis = "on-demand, taken as a new table's " + (long) NEW_ON_DEMAND_WRITES + " WRU/s";
      }
    } else {
      capacity = table.provisionedThroughput().writeCapacityUnits();
      String smallest = "the table's";
      if (table.hasGlobalSecondaryIndexes()) {
        for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
          Long wcu =
              index.provisionedThroughput() == null
                  ? null
                  : index.provisionedThroughput().writeCapacityUnits();
          if (wcu != null && wcu > 0 && wcu < capacity) {
            capacity = wcu;
            smallest = "index " + index.indexName() + "'s";
          }
        }
      }
      basis = "provisioned: " + smallest + " " + (long) capacity + " WCU";
    }
    return WriteBudget.perSecond(
        share * capacity, String.format(Locale.ROOT, "%.0f%% of %s", share * 100, basis));
  }

  /** What one item's write costs against the budget of {@code spec} on {@code table}. */
  public static ToDoubleFunction<ItemPlan> cost(MigrationSpec.Budget spec, TableDescription table) {
    if (!(spec instanceof MigrationSpec.CapacityShare)) {
      return plan -> 1;
    }
    double unitsPerWrite = unitsPerWrite(table);
    return plan -> plan instanceof ItemPlan.Move ? 4 * unitsPerWrite : unitsPerWrite;
  }

  /**
   * The items a second the budget of {@code spec} on {@code table} lets through, for an estimate:
   * {@code max_items_per_second} as it says; a {@code capacity_share}'s write units, and an
   * unlimited step's (a new on-demand table's), over what one item's write costs (a move costs
   * more: the estimate is the least the step takes).
   */
  public static double itemsPerSecond(MigrationSpec.Budget spec, TableDescription table) {
    if (spec instanceof MigrationSpec.ItemsPerSecond p) {
      return p.rate();
    }
    double units =
        spec instanceof MigrationSpec.Unlimited ? NEW_ON_DEMAND_WRITES : of(spec, table).ceiling();
    return units / unitsPerWrite(table);
  }

  /** Write units one item's write costs: one per KB of the table's average item, at least one. */
  private static double unitsPerWrite(TableDescription table) {
    long items = table.itemCount() == null ? 0 : table.itemCount();
    long bytes = table.tableSizeBytes() == null ? 0 : table.tableSizeBytes();
    return items == 0 ? 1 : Math.max(1, Math.ceil(bytes / (double) items / 1024));
  }

  /**
   * Segments for a scan that does not say: one per 512 MiB of the table (DescribeTable's size,
   * updated about every six hours on AWS), at least 4 so that a resume has something to skip.
   */
  public static int segments(TableDescription table) {
    long bytes = table.tableSizeBytes() == null ? 0 : table.tableSizeBytes();
    long bySize = (bytes + (512L << 20) - 1) / (512L << 20);
    return (int) Math.max(4, Math.min(MigrationSpecReader.MAX_SEGMENTS, bySize));
  }
}
