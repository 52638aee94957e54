package app.cruddur.ops.runner.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the local environment's DynamoDB and Cognito (moto) came back with when it last started:
 * moto keeps its data in memory, so the local environment keeps a snapshot of it on disk and
 * restores it at each start.
 *
 * @param outcome restored, a first start, or why nothing was restored
 * @param snapshotAt when the snapshot restored (or that could not be) was written
 * @param lostSince the first change the snapshot does not have, when moto stopped without saving it
 *     (killed, or the machine went down)
 * @param tables DynamoDB tables restored
 * @param items their items
 * @param userPools Cognito user pools restored
 * @param users their users
 * @param seconds how long the restore took
 * @param problem why nothing was restored ({@link Outcome#NOT_RESTORED}, {@link
 *     Outcome#MEMORY_ONLY})
 */
public record LocalRestore(
    Outcome outcome,
    Optional<Instant> snapshotAt,
    Optional<Instant> lostSince,
    int tables,
    long items,
    int userPools,
    int users,
    double seconds,
    Optional<String> problem) {

  /** How moto came back. */
  public enum Outcome {
    /** The snapshot was restored (changes after it may be lost: {@code lostSince}). */
    RESTORED,
    /** There was no snapshot: moto starts empty. */
    FIRST_START,
    /** A snapshot was there but could not be restored: moto starts empty. */
    NOT_RESTORED,
    /** moto runs without a snapshot (no Python to run it with its state): it starts empty. */
    MEMORY_ONLY
  }

  /** True when data that was there is not back. */
  public boolean lostData() {
    return lostSince.isPresent() || outcome == Outcome.NOT_RESTORED;
  }

  /** A clause for the start line: what DynamoDB and Cognito came back with. */
  public String describe() {
    String lost =
        lostSince
            .map(
                t ->
                    "; changes since "
                        + t
                        + " are lost: moto stopped without saving them (it was killed, or the"
                        + " machine went down)")
            .orElse("");
    return switch (outcome) {
      case RESTORED ->
          "DynamoDB and Cognito restored from the snapshot of "
              + snapshotAt.map(Instant::toString).orElse("an unknown time")
              + " ("
              + counts()
              + String.format(Locale.ROOT, ", in %.1f s)", seconds)
              + lost;
      case FIRST_START ->
          lostSince.isPresent()
              ? "DynamoDB and Cognito came back empty" + lost + " before the first snapshot"
              : "DynamoDB and Cognito start empty (first start: no snapshot yet)";
      case NOT_RESTORED ->
          "DynamoDB and Cognito came back EMPTY: the snapshot of "
              + snapshotAt.map(Instant::toString).orElse("an unknown time")
              + " could not be restored ("
              + problem.orElse("unreadable")
              + ")"
              + lost;
      case MEMORY_ONLY ->
          "DynamoDB and Cognito start empty and are kept in memory only ("
              + problem.orElse("no snapshot")
              + ")";
    };
  }

  /** What was restored: "1 table, 26 items; 1 user pool, 2 users". */
  public String counts() {
    List<String> parts = new ArrayList<>();
    parts.add(plural(tables, "table") + ", " + plural(items, "item"));
    parts.add(plural(userPools, "user pool") + ", " + plural(users, "user"));
    return String.join("; ", parts);
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
