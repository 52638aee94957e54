package app.cruddur.ops.runner.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersRequest;

/**
 * Cognito as a throttled account sees it: chosen ListUsers attempts are answered with HTTP 400
 * {@code TooManyRequestsException} (what Cognito sends), the others reach the emulator. Added to
 * the clients with {@code Release.configure().interceptor(...)}.
 */
public final class ThrottledListUsers implements ExecutionInterceptor {
  private static final ExecutionAttribute<Boolean> THROTTLE =
      new ExecutionAttribute<>("cruddur.test.throttleListUsers");
  private static final byte[] BODY =
      "{\"__type\":\"TooManyRequestsException\",\"message\":\"Too many requests\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final IntPredicate throttled;
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  private ThrottledListUsers(IntPredicate throttled) {
    this.throttled = throttled;
  }

  /** The 1st, 3rd, 5th ... ListUsers attempt is throttled: the SDK's own retry gets each page. */
  public static ThrottledListUsers everyOtherCall() {
    return new ThrottledListUsers(attempt -> attempt % 2 == 1);
  }

  /**
   * Attempts {@code from} to {@code from + count - 1} are throttled: longer than the SDK retries.
   */
  public static ThrottledListUsers burst(int from, int count) {
    return new ThrottledListUsers(attempt -> attempt >= from && attempt < from + count);
  }

  /** ListUsers attempts seen. */
  public int attempts() {
    return attempts.get();
  }

  /** ListUsers attempts answered with TooManyRequestsException. */
  public int throttled() {
    return refused.get();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (context.request() instanceof ListUsersRequest) {
      attributes.putAttribute(THROTTLE, throttled.test(attempts.incrementAndGet()));
    }
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (!Boolean.TRUE.equals(attributes.getAttribute(THROTTLE))) {
      return context.httpResponse();
    }
    refused.incrementAndGet();
    return context.httpResponse().toBuilder()
        .statusCode(400)
        .removeHeader("Content-Length")
        .putHeader("x-amzn-ErrorType", "TooManyRequestsException")
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(THROTTLE))) {
      return Optional.of(new ByteArrayInputStream(BODY));
    }
    return context.responseBody();
  }
}
