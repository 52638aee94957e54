package app.cruddur.ops.runner.internal.step;

import java.time.Duration;

/**
 * When a time-boxed release must stop: a slice's deadline (the function's remaining time less the
 * workflow's margin) or {@code --time-box}. A step checks it at every boundary it can stop at —
 * after a page of a migration — and the release between steps; each slice does at least one unit of
 * work before it looks, so that slices always make progress. {@link #NONE} never passes.
 */
public final class Deadline {
  /** No deadline: the release runs to its end. */
  public static final Deadline NONE = new Deadline(Long.MAX_VALUE, "", false);

  private final long at;
  private final String what;
  private final boolean bounded;

  private Deadline(long at, String what, boolean bounded) {
    this.at = at;
    this.what = what;
    this.bounded = bounded;
  }

  /**
   * The deadline {@code box} from now.
   *
   * @param what what it is, for messages ("the time box of 40 min", "the slice's time")
   */
  public static Deadline after(Duration box, String what) {
    return new Deadline(System.nanoTime() + Math.max(0, box.toNanos()), what, true);
  }

  /** True once the time is up: stop at the next boundary. */
  public boolean passed() {
    return bounded && System.nanoTime() - at >= 0;
  }

  /** True for a real deadline (a slice, a time box), false for {@link #NONE}. */
  public boolean bounded() {
    return bounded;
  }

  /** What made it pass ("the time box of 40 min ran out"). */
  public String why() {
    return what + " ran out";
  }

  @Override
  public String toString() {
    return bounded
        ? what + " (" + Math.max(0, (at - System.nanoTime()) / 1_000_000) + " ms left)"
        : "no deadline";
  }
}
