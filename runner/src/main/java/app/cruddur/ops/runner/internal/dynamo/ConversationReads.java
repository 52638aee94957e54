package app.cruddur.ops.runner.internal.dynamo;

import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.InstantOrder;
import app.cruddur.ops.model.ItemsRead;
import app.cruddur.ops.model.KeyQuery;
import app.cruddur.ops.model.MalformedItemException;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UnreadableItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The access patterns' reads, tolerant: every page, items in any ISO-8601 sort-key form ordered by
 * the instant they name, and an item that does not have its type's shape reported with the result
 * instead of failing the read (the caller warns and goes on).
 */
public final class ConversationReads {
  private ConversationReads() {}

  /**
   * A. The newest {@code limit} messages of a group by instant, within {@code [since, until]},
   * newest first. Reads in DynamoDB's (string) order until no further item can be newer.
   */
  public static ItemsRead<Message> conversation(
      DynamoDbClient dynamo,
      String table,
      UUID group,
      int limit,
      Optional<Instant> since,
      Optional<Instant> until) {
    KeyQuery query = AccessPatterns.conversation(group, since, until);
    InstantOrder.NewestFirst<Message> newest =
        new InstantOrder.NewestFirst<>(limit, Message::createdAt);
    List<UnreadableItem> unreadable = new ArrayList<>();
    AtomicBoolean complete = new AtomicBoolean();
    Queries.each(
        dynamo,
        table,
        query,
        Math.min(1000, Math.max(limit, 20)),
        page -> {
          for (Map<String, AttributeValue> item : page.items()) {
            Map<String, String> attributes = Items.toStrings(item);
            if (newest.complete(attributes.getOrDefault("sk", ""))) {
              complete.set(true);
              return;
            }
            try {
              Message m = Message.fromAttributes(attributes);
              if (AccessPatterns.within(m.createdAt(), since, until)) {
                newest.add(m);
              }
            } catch (MalformedItemException e) {
              unreadable.add(UnreadableItem.of(attributes, e.getMessage()));
            }
          }
        },
        complete::get);
    return new ItemsRead<>(newest.result(), unreadable);
  }

  /** B. Every group row of a user, most recently active first (by instant). */
  public static ItemsRead<MessageGroupRow> groupsOf(
      DynamoDbClient dynamo, String table, UUID user) {
    ItemsRead<MessageGroupRow> read = all(dynamo, table, AccessPatterns.groupsOfUser(user));
    List<MessageGroupRow> sorted = new ArrayList<>(read.items());
    sorted.sort(Comparator.comparing(MessageGroupRow::lastMessageAt).reversed());
    return read.withItems(sorted);
  }

  /** The group rows of a group, one per member, through the sparse index. */
  public static ItemsRead<MessageGroupRow> rowsOfGroup(
      DynamoDbClient dynamo, String table, UUID group) {
    return all(dynamo, table, AccessPatterns.groupRowsOfGroup(group));
  }

  private static ItemsRead<MessageGroupRow> all(
      DynamoDbClient dynamo, String table, KeyQuery query) {
    return ItemsRead.of(
        Queries.all(dynamo, table, query, Integer.MAX_VALUE).stream()
            .map(Items::toStrings)
            .toList(),
        MessageGroupRow::fromAttributes);
  }
}
