package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.api.DistributedProgress;
import app.cruddur.ops.runner.api.StopRequest;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The distributed runs of pending {@code dynamodb-migration} steps as their control table has them
 * ({@code cruddur status}): segments done of all, items read, the pace since the run started and
 * the time left at it; and the stop asked for their workers ({@code release --via --stop}).
 */
public final class DistributedRuns {
  private static final Logger LOG = Logger.getLogger(DistributedRuns.class.getName());

  private DistributedRuns() {}

  /**
   * The unfinished run of each of {@code pending} (dynamodb-migration steps of this checksum) in
   * the control table beside {@code table}; none when there is no control table.
   */
  public static List<DistributedProgress> of(
      DynamoDbClient dynamo, String table, List<StepDefinition> pending, Instant now) {
    List<DistributedProgress> found = new ArrayList<>();
    ControlTable control = new ControlTable(dynamo, MigrationWorkers.controlTableFor(table));
    try {
      for (StepDefinition step : pending) {
        if (!(step.action() instanceof DynamoMigrationStepKind.MigrationStep)) {
          continue;
        }
        Optional<UUID> latest = control.latestRun(step.id().key());
        Optional<ControlTable.Run> run = latest.flatMap(control::run);
        if (run.isEmpty()
            || run.get().finished()
            || !run.get().checksum().equals(step.checksum())) {
          continue;
        }
        found.add(progress(run.get(), itemEstimate(dynamo, table), now));
      }
    } catch (ResourceNotFoundException noControlTable) {
      return List.of();
    } catch (SdkException unreadable) {
      // progress is what status adds to the ledger's view, never a reason for it to fail (a
      // deployment from before the control table, a role without its rights)
      LOG.fine(() -> "no distributed progress from " + control.name() + ": " + unreadable);
      return List.of();
    }
    return found;
  }

  /**
   * Asks the workers of the unfinished run of each of {@code steps} (its dynamodb-migration steps,
   * this checksum) in the control table beside {@code table} to stop after the page in hand ({@link
   * ControlTable#requestStop}: a conditional update of the run's header, never a new run); none
   * when there is no control table.
   *
   * @return the runs marked, as "V012 run &lt;id&gt;"
   */
  public static List<String> requestStop(
      DynamoDbClient dynamo, String table, List<StepDefinition> steps, String by, Instant at) {
    List<String> marked = new ArrayList<>();
    ControlTable control = new ControlTable(dynamo, MigrationWorkers.controlTableFor(table));
    try {
      for (StepDefinition step : steps) {
        if (step.action() instanceof DynamoMigrationStepKind.MigrationStep) {
          Optional<UUID> latest = control.latestRun(step.id().key());
          if (latest.isPresent() && control.requestStop(latest.get(), step.checksum(), by, at)) {
            marked.add(step.id().key() + " run " + latest.get());
          }
        }
      }
    } catch (ResourceNotFoundException noControlTable) {
      return List.of(); // no distributed run ever started here
    }
    return marked;
  }

  /** {@code run} at {@code now}, the table holding about {@code items} items (0: unknown). */
  static DistributedProgress progress(ControlTable.Run run, long items, Instant now) {
    MigrationCounts counts = run.counts();
    double seconds = Math.max(0.001, Duration.between(run.startedAt(), now).toMillis() / 1000.0);
    double pace = counts.scanned() / seconds;
    int done = run.finishedSegments();
    Optional<Long> eta;
    if (items > counts.scanned() && pace > 0) {
      eta = Optional.of((long) Math.ceil((items - counts.scanned()) / pace));
    } else if (done > 0) {
      eta = Optional.of((long) Math.ceil(seconds * (run.segments() - done) / done));
    } else {
      eta = Optional.empty();
    }
    return new DistributedProgress(
        run.step(),
        run.id().toString(),
        done,
        run.segments(),
        counts.scanned(),
        counts.changed(),
        run.startedAt(),
        pace,
        run.ceiling().isPresent() ? Optional.of(run.ceiling().getAsDouble()) : Optional.empty(),
        eta,
        run.stop().map(m -> new StopRequest(m.by(), m.at())));
  }

  private static long itemEstimate(DynamoDbClient dynamo, String table) {
    Long count = dynamo.describeTable(b -> b.tableName(table)).table().itemCount();
    return count == null ? 0 : count;
  }
}
