package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import java.time.Duration;
import java.util.Locale;

/**
 * Whether a {@code dynamodb-migration} step whose file does not ask runs distributed, from its
 * plan: the table's item estimate (DescribeTable's {@code ItemCount}) at the step's budget against
 * what one process writes. One process tops out near {@value #ONE_PROCESS} conditional writes a
 * second (BENCHMARKS: a round trip per item, 16 writers). The rule:
 *
 * <ul>
 *   <li>one process when it finishes within one slice of the release workflow ({@link #SLICE}), or
 *       when the budget is no more than one process writes (more workers would only wait on it);
 *   <li>otherwise distributed over {@code ceil(budget ÷ one process)} workers — enough to use the
 *       budget — but no more than {@code ceil(one process's time ÷ a slice)} (enough to finish in
 *       about a slice), the run's segments, and {@link MigrationWorkers#MAX_WORKERS}; at least 2.
 * </ul>
 *
 * It applies where workers are Lambdas: in a slice of the release workflow. Locally a step runs
 * distributed only with an explicit {@code --workers N} (or the file's {@code workers:}): local
 * worker processes share the machine's cores, so more of them are not faster there.
 */
final class AutoDistribution {
  /** What one process writes at most, conditional items a second. */
  static final double ONE_PROCESS = 3000;

  /** A slice of the release workflow: the vehicle's timeout less the slice's margin. */
  static final Duration SLICE = ReleaseVehicle.MAX_TIMEOUT.minus(ReleaseWorkflow.SLICE_MARGIN);

  private AutoDistribution() {}

  /**
   * The decision and why.
   *
   * @param workers workers to run on (0: one process)
   * @param items the table's estimated items
   * @param rate the items a second it runs at
   * @param why what decided it
   */
  record Decision(int workers, long items, double rate, String why) {
    boolean distributed() {
      return workers > 0;
    }

    /** How long it takes at its rate. */
    Duration time() {
      return Duration.ofMillis((long) (items * 1000 / Math.max(1, rate)));
    }

    /**
     * {@code distributed: ~N items at R/s is ~T, over W workers} or {@code one process: ~N items at
     * R/s is ~T (why)}.
     */
    String describe() {
      String pace =
          String.format(
              Locale.ROOT,
              "~%,d items at %.0f/s is ~%s",
              items,
              rate,
              DistributedStep.duration(time().toMillis() / 1000.0));
      return distributed()
          ? "distributed: " + pace + ", over " + workers + " workers (" + why + ")"
          : "one process: " + pace + " (" + why + ")";
    }
  }

  /**
   * The decision for {@code items} estimated items at a budget of {@code rate} items a second
   * ({@link Budgets#itemsPerSecond}) over {@code segments}.
   */
  static Decision decide(long items, double rate, int segments) {
    double onePace = Math.min(rate, ONE_PROCESS);
    double oneSeconds = items / Math.max(1, onePace);
    if (oneSeconds <= SLICE.toSeconds()) {
      return new Decision(0, items, onePace, "within one slice");
    }
    if (rate <= ONE_PROCESS) {
      return new Decision(0, items, onePace, "the budget, not one process, is the limit");
    }
    long toUseBudget = (long) Math.ceil(rate / ONE_PROCESS);
    long toFinishInASlice = (long) Math.ceil(oneSeconds / SLICE.toSeconds());
    int workers =
        (int)
            Math.min(
                Math.min(toUseBudget, toFinishInASlice),
                Math.min(segments, MigrationWorkers.MAX_WORKERS));
    if (workers < 2) {
      return new Decision(0, items, onePace, "one segment");
    }
    return new Decision(
        workers,
        items,
        Math.min(rate, workers * ONE_PROCESS),
        String.format(
            Locale.ROOT,
            "one process at %.0f/s would take ~%s",
            onePace,
            DistributedStep.duration(oneSeconds)));
  }
}
