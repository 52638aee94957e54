package app.cruddur.ops.runner.internal.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter (the AWS Architecture Blog's recommendation): the
 * n-th retry waits a random time up to {@code min(cap, base * 2^(n-1))}, so that many callers
 * throttled together do not come back in step. The one backoff of the runner's own retries, after
 * the SDK's (DynamoDB's batch and conditional writes, Cognito's admin calls).
 *
 * @param base the first retry waits up to this
 * @param cap no retry waits longer than this
 */
public record Backoff(Duration base, Duration cap) {
  /** 25 ms doubling up to 2 s. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(25), Duration.ofSeconds(2));

  /** The wait before retry {@code attempt} (1 for the first retry), in milliseconds. */
  public long delayMillis(int attempt) {
    return delay(attempt, ThreadLocalRandom.current().nextDouble()).toMillis();
  }

  /**
   * The wait before retry {@code attempt} (1-based): the share {@code fraction} (in [0, 1)) of
   * {@code base * 2^(attempt-1)}, capped.
   */
  public Duration delay(int attempt, double fraction) {
    long ceiling =
        Math.min(cap.toMillis(), base.toMillis() << Math.min(Math.max(attempt, 1) - 1, 20));
    return Duration.ofMillis((long) (ceiling * fraction));
  }

  /**
   * Sleeps before retry {@code attempt} and returns how long it slept (ms); an interrupt ends the
   * sleep early.
   */
  public long sleep(int attempt) {
    long millis = delayMillis(attempt);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return millis;
  }
}
