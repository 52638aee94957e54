package app.cruddur.ops.runner.internal.dynamo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestTarget;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shared budget of a distributed run, on the real local engine with a clock of the test's: a
 * second's units are shared by every worker and never exceeded, units left at a second's end are
 * not spent in the next, and one worker's throttling halves the rate of every worker.
 */
@ExtendWith(SharedLocalEnvironment.class)
class SharedBudgetTest {
  private static final long T0 = 1_800_000_000_000L; // far from the real clock's slots

  @Test
  void everyWorkerDrawsFromOneBucketAndOneThrottlingSlowsThemAll() throws Exception {
    TestTarget target = TestTarget.fresh("shared-budget");
    try (DynamoDbClient dynamo = target.dynamo()) {
      ControlTable control = new ControlTable(dynamo, target.table() + "-control");
      control.ensure(true);
      ControlTable.Run run =
          control.start("V099", "sum", "id", target.table(), 2, OptionalDouble.of(8), "test", "t");
      AtomicLong clock = new AtomicLong(T0 + 100);
      SharedBudget a = new SharedBudget(control, run.id(), 8, "test", 2, clock::get);
      SharedBudget b = new SharedBudget(control, run.id(), 8, "test", 2, clock::get);

      for (int i = 0; i < 4; i++) {
        a.acquire(1);
        b.acquire(1);
      }
      assertThat(control.slots(run.id())).containsEntry(T0 / 1000, 8.0);

      // the second's 8 units are taken: the next write waits for the next second (the test's
      // clock moves on while it waits)
      Thread waiter =
          new Thread(
              () -> {
                try {
                  a.acquire(1);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      waiter.start();
      waiter.join(300);
      assertThat(waiter.isAlive()).as("a ninth unit in the same second waits").isTrue();
      clock.set(T0 + 1000);
      waiter.join(5000);
      assertThat(waiter.isAlive()).isFalse();
      assertThat(control.slots(run.id())).containsEntry(T0 / 1000 + 1, 1.0);

      assertThat(b.throttled()).isEqualTo(4);
      assertThat(control.rate(run.id()).rate()).isEqualTo(4);
      assertThat(a.throttled())
          .as("halved once a second at most, whoever is throttled")
          .isEqualTo(4);
      clock.set(T0 + 2000);
      for (int i = 0; i < 4; i++) {
        a.acquire(1);
      }
      assertThat(control.slots(run.id()).get(T0 / 1000 + 2))
          .as("worker a, after b's throttling, within the halved rate")
          .isLessThanOrEqualTo(4.0);
    }
  }
}
