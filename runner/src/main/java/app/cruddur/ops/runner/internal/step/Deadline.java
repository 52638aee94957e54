package app.cruddur.ops.runner.internal.step;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When a time-boxed release must stop: a slice's deadline (the function's remaining time less the
 * workflow's margin) or {@code --time-box}. A step checks it at every boundary it can stop at —
 * after a page of a migration, a changeset, a seed's batch — and the release between steps; each
 * slice does at least one unit of work before it looks, so that slices always make progress. {@link
 * #NONE} never passes.
 *
 * <p>A slice's deadline also passes once a stop is asked for its release ({@link #orStop}: {@code
 * release --via --stop}): asked at every boundary, so the release stops at the next one.
 */
public final class Deadline {
  /** No deadline: the release runs to its end. */
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE, "", false, Optional::empty);

  private final long at;
  private final String what;
  private final boolean bounded;
  private final Supplier<Optional<String>> stopAsked;
  private volatile String stoppedBy;

  private Deadline(long at, String what, boolean bounded, Supplier<Optional<String>> stopAsked) {
    this.at = at;
    this.what = what;
    this.bounded = bounded;
    this.stopAsked = stopAsked;
  }

  /**
   * The deadline {@code box} from now.
   *
   * @param what what it is, for messages ("the time box of 40 min", "the slice's time")
   */
  public static Deadline after(Duration box, String what) {
    return new Deadline(
        System.nanoTime() + Math.max(0, box.toNanos()), what, true, Optional::empty);
  }

  /**
   * This deadline, or sooner: once {@code stopAsked} names who asked the release to stop (asked at
   * every boundary until it does).
   */
  public Deadline orStop(Supplier<Optional<String>> stopAsked) {
    return new Deadline(at, what, bounded, stopAsked);
  }

  /** True once the time is up or a stop was asked: stop at the next boundary. */
  public boolean passed() {
    return stopped() || bounded && System.nanoTime() - at >= 0;
  }

  /** True once a stop was asked for the release (asked now, until it was). */
  public boolean stopped() {
    if (stoppedBy == null) {
      stopAsked.get().ifPresent(by -> stoppedBy = by);
    }
    return stoppedBy != null;
  }

  /** True for a real deadline (a slice, a time box), false for {@link #NONE}. */
  public boolean bounded() {
    return bounded;
  }

  /** What made it pass ("the time box of 40 min ran out"). */
  public String why() {
    return stoppedBy != null ? "stopped as asked by " + stoppedBy : what + " ran out";
  }

  @Override
  public String toString() {
    return bounded
        ? what + " (" + Math.max(0, (at - System.nanoTime()) / 1_000_000) + " ms left)"
        : "no deadline";
  }
}
