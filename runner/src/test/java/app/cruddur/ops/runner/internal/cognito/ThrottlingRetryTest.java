package app.cruddur.ops.runner.internal.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;

/** The retry after the SDK's: when it waits, how often, and when it gives up (no real waiting). */
class ThrottlingRetryTest {
  static final ThrottlingRetry.Policy NO_WAIT =
      new ThrottlingRetry.Policy(3, Duration.ZERO, Duration.ZERO);
  final List<String> notices = new ArrayList<>();

  static TooManyRequestsException throttled() {
    return TooManyRequestsException.builder().message("Too many requests").statusCode(400).build();
  }

  @Test
  void theWaitGrowsExponentiallyUpToTheCapWithFullJitter() {
    ThrottlingRetry.Policy policy = ThrottlingRetry.Policy.DEFAULT;

    assertThat(ThrottlingRetry.delay(policy, 1, 0.999).toMillis()).isEqualTo(249);
    assertThat(ThrottlingRetry.delay(policy, 3, 0.999).toMillis()).isEqualTo(999);
    assertThat(ThrottlingRetry.delay(policy, 8, 0.999).toMillis()).isEqualTo(7992);
    assertThat(ThrottlingRetry.delay(policy, 40, 0.999))
        .isEqualTo(ThrottlingRetry.delay(policy, 8, 0.999));
    assertThat(ThrottlingRetry.delay(policy, 5, 0.0)).isZero();
  }

  @Test
  void aThrottledCallIsRetriedUntilItSucceedsSayingSoEachTime() {
    AtomicInteger calls = new AtomicInteger();
    ThrottlingRetry retry = new ThrottlingRetry(NO_WAIT, notices::add, () -> 0.5);

    String result =
        retry.call(
            "ListUsers",
            () -> {
              if (calls.incrementAndGet() <= 2) {
                throw throttled();
              }
              return "page";
            });

    assertThat(result).isEqualTo("page");
    assertThat(notices)
        .containsExactly(
            "Cognito is throttling ListUsers (TooManyRequestsException); retry 1 of 3 in 0.0 s",
            "Cognito is throttling ListUsers (TooManyRequestsException); retry 2 of 3 in 0.0 s");
  }

  @Test
  void itGivesUpAfterItsRetriesWithCognitosException() {
    ThrottlingRetry retry = new ThrottlingRetry(NO_WAIT, notices::add, () -> 0.5);

    assertThatThrownBy(
            () ->
                retry.call(
                    "ListUsers",
                    () -> {
                      throw throttled();
                    }))
        .isInstanceOf(TooManyRequestsException.class);
    assertThat(notices).hasSize(3);
  }

  @Test
  void progressBetweenThrottlingsStartsTheRetryBudgetAgain() {
    AtomicLong pages = new AtomicLong();
    AtomicInteger calls = new AtomicInteger();
    ThrottlingRetry retry = new ThrottlingRetry(NO_WAIT, notices::add, () -> 0.5);

    // each attempt reads a page and is then throttled, ten times: more throttlings than retries,
    // but never two without progress
    String result =
        retry.call(
            "ListUsers",
            pages::get,
            () -> {
              if (calls.incrementAndGet() <= 10) {
                pages.incrementAndGet();
                throw throttled();
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(notices).hasSize(10).allMatch(n -> n.contains("retry 1 of 3"));
  }
}
