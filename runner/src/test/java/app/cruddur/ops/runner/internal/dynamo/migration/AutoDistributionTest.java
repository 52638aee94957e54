package app.cruddur.ops.runner.internal.dynamo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AutoDistributionTest {
  @Test
  void aMigrationOneProcessFinishesWithinASliceRunsInOneProcess() {
    AutoDistribution.Decision d =
        AutoDistribution.decide(1_000_000, WriteBudget.perSecond(40_000, "test"), 64);

    assertThat(d.distributed()).isFalse();
    assertThat(d.describe())
        .isEqualTo("one process: ~1,000,000 items at 3000/s is ~6 min (within one slice)");
  }

  @Test
  void aBudgetOneProcessCanWriteKeepsOneProcessHoweverLongItTakes() {
    AutoDistribution.Decision d =
        AutoDistribution.decide(100_000_000, WriteBudget.perSecond(2_000, "test"), 64);

    assertThat(d.distributed()).isFalse();
    assertThat(d.describe())
        .isEqualTo(
            "one process: ~100,000,000 items at 2000/s is ~13.9 h"
                + " (the budget, not one process, is the limit)");
  }

  @Test
  void aBudgetBeyondOneProcessDistributesOverEnoughWorkersToUseIt() {
    AutoDistribution.Decision d =
        AutoDistribution.decide(100_000_000, WriteBudget.perSecond(40_000, "test"), 200);

    assertThat(d.workers()).isEqualTo(14); // ceil(40,000 / 3,000)
    assertThat(d.describe())
        .isEqualTo(
            "distributed: ~100,000,000 items at 40000/s is ~42 min, over 14 workers"
                + " (one process at 3000/s would take ~9.3 h)");
  }

  @Test
  void workersAreNoMoreThanFinishInAboutASliceNorThanTheSegments() {
    // 3,000,000 items: 1,000 s at one process, a little over one 13-minute slice: 2 workers
    assertThat(
            AutoDistribution.decide(3_000_000, WriteBudget.perSecond(40_000, "test"), 64).workers())
        .isEqualTo(2);
    assertThat(
            AutoDistribution.decide(100_000_000, WriteBudget.perSecond(40_000, "test"), 4)
                .workers())
        .isEqualTo(4);
    assertThat(
            AutoDistribution.decide(100_000_000, WriteBudget.perSecond(40_000, "test"), 1)
                .distributed())
        .isFalse();
  }

  @Test
  void anUnlimitedBudgetIsANewOnDemandTablesRate() {
    AutoDistribution.Decision d = AutoDistribution.decide(100_000_000, WriteBudget.unlimited(), 64);

    assertThat(d.workers()).isEqualTo(2); // ceil(4,000 / 3,000)
    assertThat(d.rate()).isEqualTo(Budgets.NEW_ON_DEMAND_WRITES);
  }
}
