package app.cruddur.ops.functions.testing;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The seed's two users and conversations between them, written the way the app writes them. */
public final class Conversations {
  /** The seed's first user. */
  public static final UserRef YAYA =
      new UserRef(
          UUID.fromString("1b2ab6c4-4f3b-4a3e-9a35-0f6b7c1e2d01"), "Yahya Abulhaj", "yaya2devops");

  /** The seed's second user. */
  public static final UserRef BAYKO =
      new UserRef(UUID.fromString("7c0f5a8e-2d7e-4e0b-8d2f-3a9b1c4e5f02"), "Andrew Bayko", "bayko");

  /** When the conversations start. */
  public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private Conversations() {}

  /** A message from yaya in {@code group} at {@code at}. */
  public static Message fromYaya(UUID group, Instant at, String text) {
    return new Message(
        group, at, UUID.nameUUIDFromBytes((group + "@" + at).getBytes()), text, YAYA);
  }

  /** Pattern D: a new group between yaya and bayko with its first message, in one transaction. */
  public static UUID startConversation(
      DynamoDbClient dynamo, String tableName, Instant at, String text) {
    UUID group = UUID.randomUUID();
    AccessPatterns.NewConversation d =
        AccessPatterns.newConversation(group, fromYaya(group, at, text), BAYKO);
    dynamo.transactWriteItems(
        r ->
            r.transactItems(
                put(tableName, d.message().toAttributes()),
                put(tableName, d.senderRow().toAttributes()),
                put(tableName, d.recipientRow().toAttributes())));
    return group;
  }

  /** Pattern C: a new message in an existing group (the stream then carries it to the Lambda). */
  public static Message send(
      DynamoDbClient dynamo, String tableName, UUID group, Instant at, String text) {
    Message message = fromYaya(group, at, text);
    MessagesTables.put(dynamo, tableName, message.toAttributes());
    return message;
  }

  /** Pattern B, strongly consistent: the group rows of {@code user}, newest first. */
  public static List<MessageGroupRow> groupRowsOf(
      DynamoDbClient dynamo, String tableName, UserRef user) {
    var query = AccessPatterns.groupsOfUser(user.uuid());
    return dynamo
        .queryPaginator(
            QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression(query.keyCondition())
                .expressionAttributeValues(
                    query.values().entrySet().stream()
                        .collect(
                            Collectors.toMap(
                                Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue()))))
                .scanIndexForward(!query.newestFirst())
                .consistentRead(true)
                .build())
        .items()
        .stream()
        .map(
            item ->
                MessageGroupRow.fromAttributes(
                    item.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()))))
        .toList();
  }

  private static TransactWriteItem put(String tableName, Map<String, String> item) {
    return TransactWriteItem.builder()
        .put(
            Put.builder()
                .tableName(tableName)
                .item(
                    item.entrySet().stream()
                        .collect(
                            Collectors.toMap(
                                Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue()))))
                .conditionExpression("attribute_not_exists(" + MessagesTable.PK + ")")
                .build())
        .build();
  }
}
