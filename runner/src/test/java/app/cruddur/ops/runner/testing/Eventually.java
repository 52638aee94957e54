package app.cruddur.ops.runner.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for what the local stream poller does in the background: a limit on waiting, not a speed
 * claim.
 */
public final class Eventually {
  /** How long to wait at most. */
  public static final Duration BOUND = Duration.ofSeconds(20);

  private Eventually() {}

  /** Reads until {@code done} holds, up to {@link #BOUND}; the last reading. */
  public static <T> T until(Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + BOUND + "; last seen:\n" + last);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = read.get();
    }
    return last;
  }
}
