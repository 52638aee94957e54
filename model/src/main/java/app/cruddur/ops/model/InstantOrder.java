package app.cruddur.ops.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reading items in time order when their sort keys were written in several ISO-8601 forms.
 *
 * <p>DynamoDB orders sort keys as strings. For keys in one form that is the time order; across
 * forms it is not: {@code 2026-12-01T02:50:00-05:00} (07:50 UTC) sorts before {@code
 * 2026-12-01T03:00:00+00:00}. But an offset is at most {@link #MOST_AHEAD} ahead of UTC and {@link
 * #MOST_BEHIND} behind it, so the string order is the time order to within that span. This class
 * turns that bound into the two things a reader needs: a key-condition window that holds every form
 * of every instant in a time window, and a collector that knows when a newest-first read (in string
 * order) has seen the newest {@code N} items by instant.
 */
public final class InstantOrder {
  /** The most an ISO-8601 offset is ahead of UTC ({@code +14:00}). */
  public static final Duration MOST_AHEAD = Duration.ofHours(14);

  /** The most an ISO-8601 offset is behind UTC ({@code -12:00}). */
  public static final Duration MOST_BEHIND = Duration.ofHours(12);

  /**
   * Keys of one second sort together whatever follows it (fraction, offset): one second of slack.
   */
  private static final Duration SECOND = Duration.ofSeconds(1);

  private InstantOrder() {}

  /**
   * The lowest sort key (as a string) that any form of an instant at or after {@code since} can
   * have: a key condition {@code sk >= lowerBound(since)} misses none of them.
   */
  public static String lowerBound(Instant since) {
    return IsoTimestamps.format(since.minus(MOST_BEHIND).minus(SECOND));
  }

  /**
   * The highest sort key (as a string) that any form of an instant at or before {@code until} can
   * have: a key condition {@code sk <= upperBound(until)} misses none of them.
   */
  public static String upperBound(Instant until) {
    return IsoTimestamps.format(until.plus(MOST_AHEAD).plus(SECOND));
  }

  /**
   * The newest {@code limit} items by instant, fed in DynamoDB's newest-first string order, which
   * says when the rest of the read cannot change the result.
   *
   * @param <T> the item type
   */
  public static final class NewestFirst<T> {
    private final int limit;
    private final Function<T, Instant> instantOf;
    private final List<T> held = new ArrayList<>();

    /**
     * @param limit how many items are wanted, at least 1
     * @param instantOf the instant of an item
     */
    public NewestFirst(int limit, Function<T, Instant> instantOf) {
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, was " + limit);
      }
      this.limit = limit;
      this.instantOf = instantOf;
    }

    /**
     * True when no item sorting at or after {@code nextSortKey} (in newest-first order) can be
     * newer than the {@code limit} items held: the read may stop before it. An unreadable key never
     * stops it.
     */
    public boolean complete(String nextSortKey) {
      if (held.size() < limit) {
        return false;
      }
      Optional<Instant> written = IsoTimestamps.writtenSecond(nextSortKey);
      if (written.isEmpty()) {
        return false;
      }
      // the next item and all after it were written at this second or before, in any offset
      Instant newestPossible = written.get().plus(SECOND).plus(MOST_BEHIND);
      return !newestPossible.isAfter(oldestHeld());
    }

    /** Holds {@code item}, keeping only the newest {@code limit} seen so far. */
    public void add(T item) {
      held.add(item);
      if (held.size() > limit) {
        held.sort(newestFirst());
        held.remove(held.size() - 1);
      }
    }

    /** The items held, newest first (by instant). */
    public List<T> result() {
      List<T> sorted = new ArrayList<>(held);
      sorted.sort(newestFirst());
      return sorted;
    }

    private Instant oldestHeld() {
      return held.stream().map(instantOf).min(Comparator.naturalOrder()).orElseThrow();
    }

    private Comparator<T> newestFirst() {
      return Comparator.comparing(instantOf).reversed();
    }
  }
}
