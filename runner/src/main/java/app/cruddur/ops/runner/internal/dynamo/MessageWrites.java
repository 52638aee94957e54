package app.cruddur.ops.runner.internal.dynamo;

import app.cruddur.ops.functions.Cancellations;
import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.AccessPatterns.NewConversation;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Patterns C and D's writes, strict: canonical sort keys, nothing overwritten, and keys unique
 * within their partition. A key another item holds already (two messages of a group, or two groups
 * of a user, in the same microsecond) is taken one microsecond later, so sort keys stay plain
 * timestamps and nothing is lost.
 */
public final class MessageWrites {
  /** How many taken sort keys in a row a write steps over before it gives up. */
  static final int MAX_TAKEN_KEYS = 1000;

  private static final String ABSENT = "attribute_not_exists(pk)";

  private MessageWrites() {}

  /**
   * C. Puts a message into its group; the message as written (one microsecond later per taken key).
   *
   * @throws CruddurException when {@value #MAX_TAKEN_KEYS} keys in a row are taken
   */
  public static Message putMessage(DynamoDbClient dynamo, String table, Message message) {
    Message m = message;
    for (int taken = 0; taken <= MAX_TAKEN_KEYS; taken++) {
      try {
        Message attempt = m;
        dynamo.putItem(
            b ->
                b.tableName(table)
                    .item(Items.toAttributeValues(attempt.toAttributes()))
                    .conditionExpression(ABSENT)
                    .returnValuesOnConditionCheckFailure(
                        ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return m;
      } catch (ConditionalCheckFailedException failed) {
        if (!failed.hasItem()) {
          throw failed; // not a taken key: nothing to step over
        }
        m = m.oneMicrosecondLater();
      }
    }
    throw tooManyTaken(message.pk(), message.sk());
  }

  /**
   * D. The group's first message and a row for each member, in one transaction; a member's row
   * whose key another group's row holds takes the next free microsecond. What was written.
   *
   * @throws CruddurException when {@value #MAX_TAKEN_KEYS} keys in a row are taken
   * @throws TransactionCanceledException when the transaction failed otherwise (the message's own
   *     key taken: a group that exists already)
   */
  public static NewConversation startConversation(
      DynamoDbClient dynamo, String table, NewConversation conversation) {
    MessageGroupRow sender = conversation.senderRow();
    MessageGroupRow recipient = conversation.recipientRow();
    for (int taken = 0; taken <= MAX_TAKEN_KEYS; taken++) {
      try {
        MessageGroupRow s = sender;
        MessageGroupRow r = recipient;
        dynamo.transactWriteItems(
            b ->
                b.transactItems(
                    putIfAbsent(table, conversation.message().toAttributes()),
                    putIfAbsent(table, s.toAttributes()),
                    putIfAbsent(table, r.toAttributes())));
        return new NewConversation(conversation.message(), sender, recipient);
      } catch (TransactionCanceledException cancelled) {
        // a row's key is taken when its condition failed on an item that is there
        boolean senderTaken = Cancellations.existingItem(cancelled, 1).isPresent();
        boolean recipientTaken = Cancellations.existingItem(cancelled, 2).isPresent();
        boolean otherwise =
            Cancellations.conditionFailed(cancelled, 0)
                || Cancellations.conditionFailed(cancelled, 1) != senderTaken
                || Cancellations.conditionFailed(cancelled, 2) != recipientTaken;
        if (otherwise || !(senderTaken || recipientTaken)) {
          throw cancelled;
        }
        sender = senderTaken ? sender.oneMicrosecondLater() : sender;
        recipient = recipientTaken ? recipient.oneMicrosecondLater() : recipient;
      }
    }
    throw tooManyTaken(sender.pk(), sender.sk());
  }

  private static TransactWriteItem putIfAbsent(String table, Map<String, String> attributes) {
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(table)
                .item(Items.toAttributeValues(attributes))
                .conditionExpression(ABSENT)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build())
        .build();
  }

  private static CruddurException tooManyTaken(String pk, String sk) {
    return CruddurException.of(
        ErrorCode.KEYS_TAKEN,
        MAX_TAKEN_KEYS
            + " sort keys in a row from "
            + sk
            + " in "
            + pk
            + " are taken, so nothing was written",
        "Look for items written in a loop into that partition (cruddur ddb scan), then send again");
  }
}
