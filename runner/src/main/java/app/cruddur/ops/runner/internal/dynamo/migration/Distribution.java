package app.cruddur.ops.runner.internal.dynamo.migration;

import java.time.Duration;
import java.util.List;

/**
 * How a release runs distributed {@code dynamodb-migration} steps here: {@code --workers N} local
 * worker processes (0: as each step file says, else in this process), each started by {@code
 * workerCommand} followed by its arguments, holding a segment's lease for {@code lease} unrenewed.
 *
 * @param workers worker processes asked for on the command line (0: not asked)
 * @param lease how long a killed worker's segment waits before another worker takes it over
 * @param workerCommand the command that starts one worker process (the runner's JVM and class path
 *     and the worker's main class)
 */
public record Distribution(int workers, Duration lease, List<String> workerCommand) {
  /** A local lease: long enough for a page at a low budget, short enough to take over soon. */
  public static final Duration LOCAL_LEASE = Duration.ofSeconds(30);

  /** Workers when a step file says {@code distribute: true} and no number. */
  public static final int DEFAULT_WORKERS = 4;

  public Distribution {
    workerCommand = List.copyOf(workerCommand);
  }

  /** Steps run in this process unless their file says otherwise; no worker can be started. */
  public static Distribution none() {
    return new Distribution(0, LOCAL_LEASE, List.of());
  }
}
