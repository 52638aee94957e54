package app.cruddur.ops.runner.internal.dynamo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestTarget;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A stop asked for a distributed run's workers ({@code release --via --stop}), on the real local
 * engine: only an unfinished run of the step's checksum is marked, never a new one; a worker sees a
 * pending stop, and one it missed before a release resumed the run; a worker of the resuming
 * release does not.
 */
@ExtendWith(SharedLocalEnvironment.class)
class StopMarkedTest {
  private static final Instant AT = Instant.parse("2026-12-07T06:00:00Z");

  @Test
  void aStopMarksOnlyAnUnfinishedRunAndReachesEveryWorkerThatBeganBeforeIt() {
    TestTarget target = TestTarget.fresh("stop-marked");
    try (DynamoDbClient dynamo = target.dynamo()) {
      ControlTable control = new ControlTable(dynamo, target.table() + "-control");
      control.ensure(true);
      UUID run =
          control
              .start("V099", "sum", "id", target.table(), 2, OptionalDouble.empty(), "test", "t")
              .id();
      StopMarked before = new StopMarked(control, run);
      assertThat(before.getAsBoolean()).as("no stop yet").isFalse();

      assertThat(control.requestStop(UUID.randomUUID(), "sum", "ops@x", AT))
          .as("no such run: nothing created")
          .isFalse();
      assertThat(control.run(UUID.randomUUID())).isEmpty();
      assertThat(control.requestStop(run, "another sum", "ops@x", AT))
          .as("a run of another version of the step")
          .isFalse();
      assertThat(control.requestStop(run, "sum", "ops@x", AT)).isTrue();
      assertThat(control.run(run).orElseThrow().stop())
          .contains(new ControlTable.StopMark("ops@x", AT));
      // the next release resumes the run before this worker looked again: it stops all the same
      control.resumeAfterStop(run, control.run(run).orElseThrow().stopsAsked());
      assertThat(control.run(run).orElseThrow().stop()).as("none pending").isEmpty();
      assertThat(before.getAsBoolean()).as("a worker that began before the stop").isTrue();
      assertThat(before.by()).contains("ops@x");
      assertThat(new StopMarked(control, run).getAsBoolean())
          .as("a worker of the resuming release")
          .isFalse();

      control.finish(run);
      assertThat(control.requestStop(run, "sum", "ops@x", AT)).as("a finished run").isFalse();
    }
  }
}
