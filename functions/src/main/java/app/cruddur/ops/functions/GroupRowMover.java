package app.cruddur.ops.functions;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.ItemsRead;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.UnreadableItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Pattern E's writes: moves each member's group row of a message's group to that message.
 *
 * <p>The rows are found through the sparse GSI ({@link AccessPatterns#groupRowsOfGroup}), read
 * tolerantly (a row that cannot be read is reported, the others still move); whether a row moves is
 * the model's decision ({@link AccessPatterns#groupRowAfter}, by instant), so a redelivered or
 * older message changes nothing, whatever form its sort key was written in. A move is one
 * transaction: delete the row at its stored sort key, on condition that it is still there, and put
 * it at the message's time, on condition that nothing is there.
 *
 * <p>When the transaction is cancelled:
 *
 * <ul>
 *   <li>the new key is held by another group's row of the same member (two conversations with
 *       messages in the same microsecond): the row takes the next microsecond, and so on, so that
 *       group rows stay unique within the member's partition and their sort keys plain timestamps;
 *   <li>the new key is held by a second row of this very group (left by a writer that is not
 *       atomic): the stale row is deleted;
 *   <li>otherwise another writer got there first, or the index showed a row that has moved since:
 *       the row is read again and the decision made again, a bounded number of times.
 * </ul>
 *
 * <p>Works with any {@link DynamoDbClient}: the Lambda's, or the local environment's.
 */
public final class GroupRowMover {
  /** How many taken sort keys in a row a move steps over before it gives up. */
  static final int MAX_TAKEN_KEYS = 1000;

  private static final String DELETE_CONDITION =
      "attribute_exists(" + MessagesTable.PK + ") AND " + MessagesTable.GROUP_UUID + " = :group";
  private static final String PUT_CONDITION = "attribute_not_exists(" + MessagesTable.PK + ")";

  private final DynamoDbClient dynamo;
  private final MoverSettings settings;

  /**
   * A mover writing to the table of {@code settings} through {@code dynamo} (not closed by the
   * mover).
   */
  public GroupRowMover(DynamoDbClient dynamo, MoverSettings settings) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * What moving a group's rows to a message did.
   *
   * @param moves one entry per readable group row
   * @param unreadable the group's rows that could not be read, left alone
   */
  public record GroupMoves(List<GroupRowMove> moves, List<UnreadableItem> unreadable) {
    public GroupMoves {
      moves = List.copyOf(moves);
      unreadable = List.copyOf(unreadable);
    }
  }

  /** The settings this mover runs with. */
  public MoverSettings settings() {
    return settings;
  }

  /**
   * Brings every group row of the message's group up to {@code message}.
   *
   * @return one entry per group row found (none when the group has no rows yet: pattern D writes
   *     them with their first message, so they are current already), and the rows it could not read
   * @throws GroupRowMoveException when a row could not be moved within the attempts allowed
   * @throws software.amazon.awssdk.core.exception.SdkException when DynamoDB fails otherwise
   */
  public GroupMoves apply(Message message) {
    List<GroupRowMove> moves = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    TransactionCanceledException lastCancellation = null;
    ItemsRead<MessageGroupRow> rows = groupRows(message.groupUuid());
    for (MessageGroupRow row : rows.items()) {
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
    return new GroupMoves(moves, rows.unreadable());
  }

  private GroupRowMove moveRow(MessageGroupRow observed, Message message) throws RowStuck {
    MessageGroupRow current = observed;
    Optional<MessageGroupRow> target = AccessPatterns.groupRowAfter(current, message);
    int attempt = 1;
    int takenKeys = 0;
    while (true) {
      if (target.isEmpty()) {
        return new GroupRowMove(
            current.ownerUuid(),
            GroupRowMove.Result.ALREADY_CURRENT,
            current.lastMessageAt(),
            current.sk());
      }
      MessageGroupRow to = target.get();
      try {
        dynamo.transactWriteItems(move(current, to));
        return new GroupRowMove(
            current.ownerUuid(), GroupRowMove.Result.MOVED, to.lastMessageAt(), to.sk());
      } catch (TransactionCanceledException cancelled) {
        boolean keyTaken =
            Cancellations.fine(cancelled, 0) && Cancellations.conditionFailed(cancelled, 1);
        if (keyTaken) {
          // the row is where it was, and something holds the new key: which group's row is it?
          Optional<Map<String, AttributeValue>> holder = Cancellations.existingItem(cancelled, 1);
          if (holder.isPresent() && sameGroup(holder.get(), current)) {
            deleteStale(current);
            return new GroupRowMove(
                current.ownerUuid(),
                GroupRowMove.Result.DUPLICATE_REMOVED,
                to.lastMessageAt(),
                to.sk());
          }
          if (++takenKeys <= MAX_TAKEN_KEYS) {
            target = Optional.of(to.oneMicrosecondLater());
            continue;
          }
        }
        if (attempt >= settings.maxAttempts() || takenKeys > MAX_TAKEN_KEYS) {
          throw new RowStuck(
              "could not move the group row of user "
                  + current.ownerUuid()
                  + " in group "
                  + current.groupUuid()
                  + " after "
                  + attempt
                  + " attempt(s) and "
                  + takenKeys
                  + " taken sort key(s),"
                  + " cancellation reasons "
                  + Cancellations.codes(cancelled),
              cancelled);
        }
        attempt++;
        pause(settings.backoffBefore(attempt));
        Optional<MessageGroupRow> reread = rowOf(current.ownerUuid(), current.groupUuid());
        if (reread.isEmpty()) {
          return new GroupRowMove(
              current.ownerUuid(), GroupRowMove.Result.GONE, current.lastMessageAt(), current.sk());
        }
        current = reread.get();
        target = AccessPatterns.groupRowAfter(current, message);
      }
    }
  }

  private TransactWriteItemsRequest move(MessageGroupRow from, MessageGroupRow to) {
    Delete delete =
        Delete.builder()
            .tableName(settings.tableName())
            .key(key(from))
            .conditionExpression(DELETE_CONDITION)
            .expressionAttributeValues(
                Map.of(":group", AttributeValue.fromS(from.groupUuid().toString())))
            .build();
    Put put =
        Put.builder()
            .tableName(settings.tableName())
            .item(Items.toAttributeValues(to.toAttributes()))
            .conditionExpression(PUT_CONDITION)
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
            .build();
    return TransactWriteItemsRequest.builder()
        .transactItems(
            TransactWriteItem.builder().delete(delete).build(),
            TransactWriteItem.builder().put(put).build())
        .build();
  }

  private static boolean sameGroup(Map<String, AttributeValue> item, MessageGroupRow row) {
    AttributeValue group = item.get(MessagesTable.GROUP_UUID);
    return group != null && row.groupUuid().toString().equals(group.s());
  }

  /** Deletes a row of a group that its member has twice, if it is still there. */
  private void deleteStale(MessageGroupRow stale) {
    try {
      dynamo.deleteItem(
          b ->
              b.tableName(settings.tableName())
                  .key(key(stale))
                  .conditionExpression(DELETE_CONDITION)
                  .expressionAttributeValues(
                      Map.of(":group", AttributeValue.fromS(stale.groupUuid().toString()))));
    } catch (ConditionalCheckFailedException goneMeanwhile) {
      // another mover removed it first: the same outcome
    }
  }

  private static Map<String, AttributeValue> key(MessageGroupRow row) {
    return Map.of(
        MessagesTable.PK,
        AttributeValue.fromS(row.pk()),
        MessagesTable.SK,
        AttributeValue.fromS(row.sk()));
  }

  private ItemsRead<MessageGroupRow> groupRows(UUID groupUuid) {
    List<Map<String, String>> items = new ArrayList<>();
    dynamo
        .queryPaginator(
            Items.toRequest(settings.tableName(), AccessPatterns.groupRowsOfGroup(groupUuid)))
        .items()
        .forEach(item -> items.add(Items.toStrings(item)));
    return ItemsRead.of(items, MessageGroupRow::fromAttributes);
  }

  /** The member's row of the group; the newest, should a non-atomic writer have left two. */
  private Optional<MessageGroupRow> rowOf(UUID ownerUuid, UUID groupUuid) {
    return groupRows(groupUuid).items().stream()
        .filter(row -> row.ownerUuid().equals(ownerUuid))
        .max(java.util.Comparator.comparing(MessageGroupRow::lastMessageAt));
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
