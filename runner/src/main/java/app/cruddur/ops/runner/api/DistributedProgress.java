package app.cruddur.ops.runner.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the distributed run of a pending {@code dynamodb-migration} step stands, from its control
 * table: what {@code cruddur status} (and {@code status --via}) shows of a run the release
 * workflow's worker Lambdas or {@code --workers N}'s processes are working.
 *
 * @param step the step's version key
 * @param run the run's id
 * @param segmentsDone segments finished
 * @param segments segments of the run
 * @param scanned items read so far (of recorded pages)
 * @param changed items changed so far
 * @param startedAt when the run started
 * @param itemsPerSecond items read a second since it started
 * @param budget the write budget in force, a second (the step's, or lower as {@code cruddur ddb
 *     budget} set it); empty for an unlimited step
 * @param etaSeconds the time left at that pace (from the table's item count, else from the
 *     segments), when there is a pace
 * @param stop the stop asked for its workers, if any: they end after the page in hand, and the next
 *     release resumes the run
 */
public record DistributedProgress(
    String step,
    String run,
    int segmentsDone,
    int segments,
    long scanned,
    long changed,
    Instant startedAt,
    double itemsPerSecond,
    Optional<Double> budget,
    Optional<Long> etaSeconds,
    Optional<StopRequest> stop) {

  public DistributedProgress {
    budget = budget == null ? Optional.empty() : budget; // a vehicle from before the budget
    stop = stop == null ? Optional.empty() : stop; // a vehicle from before stop requests
  }

  /**
   * In a line: "V012 distributed: 3/8 segments, 1,204 items read at 40.1/s, budget 50/s, about 2
   * min left" (or "; a stop was asked by X at T: its workers end after the page in hand").
   */
  public String describe() {
    return String.format(
            Locale.ROOT,
            "%s distributed: %d/%d segments, %,d items read at %.1f/s",
            step,
            segmentsDone,
            segments,
            scanned,
            itemsPerSecond)
        + budget.map(b -> String.format(Locale.ROOT, ", budget %.0f/s", b)).orElse("")
        + etaSeconds.map(s -> ", about " + human(s) + " left").orElse("")
        + stop.map(s -> "; " + s.describe() + ": its workers end after the page in hand")
            .orElse("");
  }

  private static String human(long seconds) {
    if (seconds < 90) {
      return seconds + " s";
    }
    if (seconds < 90 * 60) {
      return (seconds + 59) / 60 + " min";
    }
    return String.format(Locale.ROOT, "%.1f h", seconds / 3600.0);
  }
}
