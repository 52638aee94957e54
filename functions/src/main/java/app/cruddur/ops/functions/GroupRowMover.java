package app.cruddur.ops.functions;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.MessagesTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Pattern E's writes: moves each member's group row of a message's group to that message.
 *
 * <p>The rows are found through the sparse GSI ({@link AccessPatterns#groupRowsOfGroup}); whether
 * a row moves is the model's decision ({@link AccessPatterns#groupRowAfter}), so a redelivered or
 * older message changes nothing. A move is one transaction: delete the row at its old sort key,
 * on condition that it is still there, and put it at the new one, on condition that nothing is
 * there. When the transaction is cancelled (another writer got there first, or the index showed a
 * row that has moved since) the row is read again and the decision made again, a bounded number of
 * times.
 *
 * <p>Works with any {@link DynamoDbClient}: the Lambda's, or the local environment's.
 */
public final class GroupRowMover {
  private static final String DELETE_CONDITION =
      "attribute_exists(" + MessagesTable.PK + ") AND " + MessagesTable.GROUP_UUID + " = :group";
  private static final String PUT_CONDITION = "attribute_not_exists(" + MessagesTable.PK + ")";

  private final DynamoDbClient dynamo;
  private final MoverSettings settings;

  /** A mover writing to the table of {@code settings} through {@code dynamo} (not closed by the mover). */
  public GroupRowMover(DynamoDbClient dynamo, MoverSettings settings) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The settings this mover runs with. */
  public MoverSettings settings() {
    return settings;
  }

  /**
   * Brings every group row of the message's group up to {@code message}.
   *
   * @return one entry per group row found (none when the group has no rows yet: pattern D writes
   *     them with their first message, so they are current already)
   * @throws GroupRowMoveException when a row could not be moved within the attempts allowed
   * @throws software.amazon.awssdk.core.exception.SdkException when DynamoDB fails otherwise
   */
  public List<GroupRowMove> apply(Message message) {
    List<GroupRowMove> moves = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    TransactionCanceledException lastCancellation = null;
    for (MessageGroupRow row : groupRows(message.groupUuid())) {
      try {
        moves.add(moveRow(row, message));
      } catch (RowStuck stuck) {
        // the other member's row is independent: bring it up to date all the same
        problems.add(stuck.getMessage());
        lastCancellation = stuck.cancellation;
      }
    }
    if (!problems.isEmpty()) {
      throw new GroupRowMoveException(String.join("; ", problems), moves, lastCancellation);
    }
    return moves;
  }

  private GroupRowMove moveRow(MessageGroupRow observed, Message message) throws RowStuck {
    MessageGroupRow current = observed;
    for (int attempt = 1; ; attempt++) {
      Optional<MessageGroupRow> target = AccessPatterns.groupRowAfter(current, message);
      if (target.isEmpty()) {
        return new GroupRowMove(current.ownerUuid(), GroupRowMove.Result.ALREADY_CURRENT, current.lastMessageAt());
      }
      try {
        dynamo.transactWriteItems(move(current, target.get()));
        return new GroupRowMove(current.ownerUuid(), GroupRowMove.Result.MOVED, target.get().lastMessageAt());
      } catch (TransactionCanceledException cancelled) {
        if (attempt >= settings.maxAttempts()) {
          throw new RowStuck("could not move the group row of user " + current.ownerUuid() + " in group "
              + current.groupUuid() + " after " + attempt + " attempt(s), cancellation reasons "
              + reasons(cancelled), cancelled);
        }
        pause(settings.backoffBefore(attempt + 1));
        Optional<MessageGroupRow> reread = rowOf(current.ownerUuid(), current.groupUuid());
        if (reread.isEmpty()) {
          return new GroupRowMove(current.ownerUuid(), GroupRowMove.Result.GONE, current.lastMessageAt());
        }
        current = reread.get();
      }
    }
  }

  private TransactWriteItemsRequest move(MessageGroupRow from, MessageGroupRow to) {
    Delete delete =
        Delete.builder()
            .tableName(settings.tableName())
            .key(Map.of(
                MessagesTable.PK, AttributeValue.fromS(from.pk()),
                MessagesTable.SK, AttributeValue.fromS(from.sk())))
            .conditionExpression(DELETE_CONDITION)
            .expressionAttributeValues(Map.of(":group", AttributeValue.fromS(from.groupUuid().toString())))
            .build();
    Put put =
        Put.builder()
            .tableName(settings.tableName())
            .item(Items.toAttributeValues(to.toAttributes()))
            .conditionExpression(PUT_CONDITION)
            .build();
    return TransactWriteItemsRequest.builder()
        .transactItems(TransactWriteItem.builder().delete(delete).build(), TransactWriteItem.builder().put(put).build())
        .build();
  }

  private List<MessageGroupRow> groupRows(UUID groupUuid) {
    List<MessageGroupRow> rows = new ArrayList<>();
    dynamo
        .queryPaginator(Items.toRequest(settings.tableName(), AccessPatterns.groupRowsOfGroup(groupUuid)))
        .items()
        .forEach(item -> rows.add(MessageGroupRow.fromAttributes(Items.toStrings(item))));
    return rows;
  }

  private Optional<MessageGroupRow> rowOf(UUID ownerUuid, UUID groupUuid) {
    return groupRows(groupUuid).stream().filter(row -> row.ownerUuid().equals(ownerUuid)).findFirst();
  }

  private static String reasons(TransactionCanceledException cancelled) {
    if (!cancelled.hasCancellationReasons()) {
      return String.valueOf(cancelled.getMessage());
    }
    return cancelled.cancellationReasons().stream()
        .map(CancellationReason::code)
        .map(String::valueOf)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** One row that could not be moved; checked, so that {@link #apply} must collect it. */
  private static final class RowStuck extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient TransactionCanceledException cancellation;

    RowStuck(String message, TransactionCanceledException cancellation) {
      super(message, null, false, false);
      this.cancellation = cancellation;
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a group row move", e);
    }
  }
}
