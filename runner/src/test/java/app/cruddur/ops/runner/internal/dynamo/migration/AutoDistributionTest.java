package app.cruddur.ops.runner.internal.dynamo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class AutoDistributionTest {
  @Test
  void aMigrationOneProcessFinishesWithinASliceRunsInOneProcess() {
    AutoDistribution.Decision d = AutoDistribution.decide(1_000_000, 40_000, 64);

    assertThat(d.distributed()).isFalse();
    assertThat(d.describe())
        .isEqualTo("one process: ~1,000,000 items at 3000/s is ~6 min (within one slice)");
  }

  @Test
  void aBudgetOneProcessCanWriteKeepsOneProcessHoweverLongItTakes() {
    AutoDistribution.Decision d = AutoDistribution.decide(100_000_000, 2_000, 64);

    assertThat(d.distributed()).isFalse();
    assertThat(d.describe())
        .isEqualTo(
            "one process: ~100,000,000 items at 2000/s is ~13.9 h"
                + " (the budget, not one process, is the limit)");
  }

  @Test
  void aBudgetBeyondOneProcessDistributesOverEnoughWorkersToUseIt() {
    AutoDistribution.Decision d = AutoDistribution.decide(100_000_000, 40_000, 200);

    assertThat(d.workers()).isEqualTo(14); // ceil(40,000 / 3,000)
    assertThat(d.describe())
        .isEqualTo(
            "distributed: ~100,000,000 items at 40000/s is ~42 min, over 14 workers"
                + " (one process at 3000/s would take ~9.3 h)");
  }

  @Test
  void workersAreNoMoreThanFinishInAboutASliceNorThanTheSegments() {
    // 3,000,000 items: 1,000 s at one process, a little over one 13-minute slice: 2 workers
    assertThat(AutoDistribution.decide(3_000_000, 40_000, 64).workers()).isEqualTo(2);
    assertThat(AutoDistribution.decide(100_000_000, 40_000, 4).workers()).isEqualTo(4);
    assertThat(AutoDistribution.decide(100_000_000, 40_000, 1).distributed()).isFalse();
  }

  @Test
  void anUnlimitedBudgetIsANewOnDemandTablesRate() {
    AutoDistribution.Decision d =
        AutoDistribution.decide(
            100_000_000,
            Budgets.itemsPerSecond(
                new MigrationSpec.Unlimited(), TableDescription.builder().build()),
            64);

    assertThat(d.workers()).isEqualTo(2); // ceil(4,000 / 3,000)
    assertThat(d.rate()).isEqualTo(Budgets.NEW_ON_DEMAND_WRITES);
  }

  @Test
  void aCapacityShareIsEstimatedInItemsItsWriteUnitsPayFor() {
    // half of 40,000 WCU, items of 2.5 KB on average: 3 units an item, 6,667 items a second
    TableDescription table =
        TableDescription.builder()
            .billingModeSummary(b -> b.billingMode(BillingMode.PROVISIONED))
            .provisionedThroughput(p -> p.writeCapacityUnits(40_000L).readCapacityUnits(10L))
            .itemCount(1000L)
            .tableSizeBytes(2500L * 1000)
            .build();
    AutoDistribution.Decision d =
        AutoDistribution.decide(
            100_000_000, Budgets.itemsPerSecond(new MigrationSpec.CapacityShare(0.5), table), 64);

    assertThat(d.workers()).isEqualTo(3); // ceil(6,667 / 3,000), not ceil(20,000 / 3,000)
    assertThat(d.describe()).startsWith("distributed: ~100,000,000 items at 6667/s is ~4.2 h");
  }
}
