package app.cruddur.ops.runner.internal.dynamo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The write budget on a clock of the test's own: the rate it holds, and how throttling moves it.
 */
class WriteBudgetTest {
  final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  @Test
  void writesAreSpacedToTheRate() {
    WriteBudget budget = WriteBudget.perSecond(100, "test", now::get);
    long total = 0;
    for (int i = 0; i < 100; i++) {
      total = budget.reserve(1);
    }
    assertThat(ms(total)).as("the 100th unit waits for the 99 before it").isBetween(980L, 1000L);
    assertThat(ms(WriteBudget.perSecond(10, "test", now::get).reserve(4))).isZero();
  }

  @Test
  void throttlingHalvesTheRateOnceASecondAndQuietRaisesItBackToTheCeiling() {
    WriteBudget budget = WriteBudget.perSecond(400, "test", now::get);
    assertThat(budget.throttled()).isEqualTo(200);
    assertThat(budget.throttled())
        .as("every writer sees the same throttling: once a second")
        .isEqualTo(200);
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(budget.throttled()).isEqualTo(100);
    now.addAndGet(TimeUnit.SECONDS.toNanos(3));
    budget.reserve(1);
    assertThat(budget.rate()).as("no raise within five quiet seconds").isEqualTo(100);
    for (int s = 0; s < 30; s++) {
      now.addAndGet(TimeUnit.SECONDS.toNanos(1));
      budget.reserve(0);
    }
    assertThat(budget.rate()).isEqualTo(400);
  }

  @Test
  void anUnlimitedBudgetNeverWaitsAndTellsSo() {
    WriteBudget budget = WriteBudget.unlimited();
    assertThat(budget.reserve(1_000_000)).isZero();
    assertThat(budget.throttled()).isInfinite();
    assertThat(budget).hasToString("unlimited");
  }
}
