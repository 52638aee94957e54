package app.cruddur.ops.runner.internal.dynamo;

import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Which DynamoDB errors mean "slow down and send it again": throttling of the table or the account,
 * transactions cancelled for throttling or because another transaction held an item, and (for
 * idempotent callers) calls that timed out.
 */
public final class Throttling {
  private static final Set<String> CODES =
      Set.of(
          "ProvisionedThroughputExceededException",
          "ThrottlingException",
          "RequestLimitExceeded",
          "TooManyRequestsException");
  private static final Set<String> CANCELLATION_CODES =
      Set.of(
          "ThrottlingError",
          "ProvisionedThroughputExceeded",
          "TransactionConflict",
          "RequestLimitExceeded");

  private Throttling() {}

  /**
   * The reason to retry {@code e} ("ProvisionedThroughputExceededException"), or empty when it is
   * not throttling.
   */
  public static Optional<String> reason(Throwable e) {
    if (!(e instanceof AwsServiceException s)) {
      return Optional.empty();
    }
    String code =
        s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null
            ? ""
            : s.awsErrorDetails().errorCode();
    if (e instanceof TransactionCanceledException t && t.hasCancellationReasons()) {
      return t.cancellationReasons().stream()
          .map(CancellationReason::code)
          .filter(CANCELLATION_CODES::contains)
          .findFirst()
          .map(c -> "TransactionCanceled (" + c + ")");
    }
    if (CODES.contains(code) || s.isThrottlingException() || s.statusCode() == 429) {
      return Optional.of(code.isEmpty() ? "HTTP " + s.statusCode() : code);
    }
    return Optional.empty();
  }

  /**
   * The reason to send {@code e}'s request again after a backoff: throttling, or an engine too slow
   * to answer within the client's call timeout (a conditional write that timed out may have landed;
   * its retry finds out). Empty for anything else.
   */
  public static Optional<String> retryReason(Throwable e) {
    if (e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException
        || e instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException) {
      return Optional.of("no answer within the client's timeout");
    }
    return reason(e);
  }

  /** True when {@code e} is throttling. */
  public static boolean is(Throwable e) {
    return reason(e).isPresent();
  }
}
