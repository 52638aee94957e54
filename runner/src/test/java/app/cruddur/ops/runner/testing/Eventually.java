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

  private static final Duration PAUSE = Duration.ofMillis(200);

  private Eventually() {}

  /** Reads until {@code done} holds, up to {@link #BOUND}; the last reading. */
  public static <T> T until(Supplier<T> read, Predicate<T> done) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    T last = read.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + BOUND + "; last seen:\n" + last);
      }
      pause();
      last = read.get();
    }
    return last;
  }

  /**
   * Reads until two readings a pause apart agree, up to {@link #BOUND}; that reading. For what a
   * killed process still changes: the requests a server had received from it are served after it
   * died.
   */
  public static <T> T steady(Supplier<T> read) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    T last = read.get();
    while (true) {
      pause();
      T now = read.get();
      if (now.equals(last)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not steady within " + BOUND + "; last seen:\n" + now);
      }
      last = now;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
