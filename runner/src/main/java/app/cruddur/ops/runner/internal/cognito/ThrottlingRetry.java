package app.cruddur.ops.runner.internal.cognito;

import app.cruddur.ops.runner.internal.aws.Backoff;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;

/**
 * Retries a Cognito call that is still throttled ({@code TooManyRequestsException}) after the SDK's
 * own retries gave up: Cognito's admin APIs have low request-rate quotas (ListUsers is shared by
 * every admin tool of the account), and a sync over thousands of users must outlast a burst of
 * throttling rather than fail half-way, waiting by {@link Backoff}.
 */
public final class ThrottlingRetry {
  /**
   * How long to keep trying.
   *
   * @param retries retries after the SDK gave up
   * @param base the first retry waits up to this
   * @param cap no retry waits longer than this
   */
  public record Policy(int retries, Duration base, Duration cap) {
    /** About a minute of retries in all at worst. */
    public static final Policy DEFAULT =
        new Policy(8, Duration.ofMillis(250), Duration.ofSeconds(8));

    /** The backoff between retries. */
    public Backoff backoff() {
      return new Backoff(base, cap);
    }
  }

  private final Policy policy;
  private final Consumer<String> notices;
  private final DoubleSupplier random;

  /** The default policy, telling {@code notices} about each retry. */
  public ThrottlingRetry(Consumer<String> notices) {
    this(Policy.DEFAULT, notices, () -> ThreadLocalRandom.current().nextDouble());
  }

  ThrottlingRetry(Policy policy, Consumer<String> notices, DoubleSupplier random) {
    this.policy = policy;
    this.notices = notices;
    this.random = random;
  }

  /**
   * Runs {@code call}, retrying while Cognito throttles it.
   *
   * @param operation the API operation, for notices ("ListUsers")
   * @throws TooManyRequestsException when Cognito still throttles after every retry
   */
  public <T> T call(String operation, Supplier<T> call) {
    return call(operation, () -> 0L, call);
  }

  /**
   * Runs {@code call}, which resumes where its last attempt stopped, retrying while Cognito
   * throttles it. Each retry budget is per stretch without progress: when {@code progress} (pages
   * read, say) went up since the last throttling, the count of retries starts again.
   */
  public <T> T call(String operation, LongSupplier progress, Supplier<T> call) {
    int retry = 0;
    long seen = progress.getAsLong();
    while (true) {
      try {
        return call.get();
      } catch (TooManyRequestsException e) {
        long now = progress.getAsLong();
        retry = now != seen ? 1 : retry + 1;
        seen = now;
        if (retry > policy.retries()) {
          throw e;
        }
        Duration wait = delay(policy, retry, random.getAsDouble());
        notices.accept(
            String.format(
                Locale.ROOT,
                "Cognito is throttling %s (TooManyRequestsException); retry %d of %d in %.1f s",
                operation,
                retry,
                policy.retries(),
                wait.toMillis() / 1000.0));
        sleep(wait);
      }
    }
  }

  /** The wait before retry {@code retry} (1-based), for the random share {@code fraction}. */
  static Duration delay(Policy policy, int retry, double fraction) {
    return policy.backoff().delay(retry, fraction);
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting to retry a throttled Cognito call", e);
    }
  }
}
