package app.cruddur.ops.functions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Why a TransactWriteItems was cancelled, item by item: DynamoDB lists one reason per item of the
 * request, in order ({@code None} for the items that were fine).
 */
public final class Cancellations {
  private static final String CONDITION_FAILED = "ConditionalCheckFailed";
  private static final String NONE = "None";

  private Cancellations() {}

  /** True when item {@code index} of the transaction was cancelled because its condition failed. */
  public static boolean conditionFailed(TransactionCanceledException cancelled, int index) {
    return code(cancelled, index).filter(CONDITION_FAILED::equals).isPresent();
  }

  /** True when item {@code index} of the transaction was fine (another item cancelled it). */
  public static boolean fine(TransactionCanceledException cancelled, int index) {
    return code(cancelled, index).filter(NONE::equals).isPresent();
  }

  /**
   * The item that stood in the way of item {@code index}, when its condition failed and the request
   * asked for it ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}).
   */
  public static Optional<Map<String, AttributeValue>> existingItem(
      TransactionCanceledException cancelled, int index) {
    return reason(cancelled, index)
        .filter(r -> CONDITION_FAILED.equals(r.code()) && r.hasItem())
        .map(CancellationReason::item);
  }

  /** The codes, for messages: {@code [None, ConditionalCheckFailed]}. */
  public static String codes(TransactionCanceledException cancelled) {
    if (!cancelled.hasCancellationReasons()) {
      return String.valueOf(cancelled.getMessage());
    }
    return cancelled.cancellationReasons().stream()
        .map(CancellationReason::code)
        .map(String::valueOf)
        .toList()
        .toString();
  }

  private static Optional<String> code(TransactionCanceledException cancelled, int index) {
    return reason(cancelled, index).map(CancellationReason::code);
  }

  private static Optional<CancellationReason> reason(
      TransactionCanceledException cancelled, int index) {
    if (!cancelled.hasCancellationReasons()) {
      return Optional.empty();
    }
    List<CancellationReason> reasons = cancelled.cancellationReasons();
    return index < reasons.size() ? Optional.ofNullable(reasons.get(index)) : Optional.empty();
  }
}
