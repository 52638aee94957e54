package app.cruddur.ops.runner.api;

import java.time.Instant;
import java.util.Optional;

/**
 * A release whose slices are under way (a release workflow's execution), as its lease in the
 * ledger's database says: what {@code cruddur status} shows while one runs, and what keeps every
 * other release out until it ends or its lease expires.
 *
 * @param owner the lease's owner: the workflow execution's ARN
 * @param since when its first slice began
 * @param slices how many slices have run (or are running)
 * @param step the step it stands at, if any
 * @param progress where that step stands ("V005 paused: scanned 12,000 of ~20,000 items")
 * @param estimateSeconds what its last slice expected the rest to take
 * @param leaseExpires when the lease lapses unless a slice renews it
 * @param live false once it lapsed (its slice died and its workflow is gone): the next release
 *     takes it over
 * @param stop the stop asked for it ({@code release --via --stop}), if any: its slice in flight
 *     stops at its next boundary and ends the lease
 */
public record ReleaseInProgress(
    String owner,
    Instant since,
    int slices,
    Optional<String> step,
    Optional<String> progress,
    Optional<Long> estimateSeconds,
    Instant leaseExpires,
    boolean live,
    Optional<StopRequest> stop) {

  public ReleaseInProgress {
    stop = stop == null ? Optional.empty() : stop; // a vehicle from before stop requests
  }

  /**
   * In a line: "the release of X, slice 7 since T: V005 …; about 4 min left; …; a stop was asked by
   * Y at T2: it stops at its next boundary".
   */
  public String describe() {
    StringBuilder b =
        new StringBuilder("the release of ")
            .append(owner)
            .append(", slice ")
            .append(slices)
            .append(" since ")
            .append(since);
    progress.or(() -> step).ifPresent(p -> b.append(": ").append(p));
    estimateSeconds.ifPresent(
        e -> b.append("; about ").append(Math.max(1, (e + 59) / 60)).append(" min left"));
    b.append(live ? "; its lease runs until " : "; its lease lapsed at ").append(leaseExpires);
    stop.ifPresent(
        s -> b.append("; ").append(s.describe()).append(": it stops at its next boundary"));
    return b.toString();
  }
}
