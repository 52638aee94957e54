package app.cruddur.ops.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The access patterns of cruddur-messaging.md as queries and item sets, independent of any client.
 */
public final class AccessPatterns {
  /** Default page size of a conversation read (pattern A). */
  public static final int DEFAULT_CONVERSATION_LIMIT = 20;

  private AccessPatterns() {}

  /**
   * A. The conversation of a group, newest first, optionally within {@code [since, until]}.
   *
   * <p>The key condition's window is wider than {@code [since, until]} by the span of ISO-8601
   * offsets ({@link InstantOrder#lowerBound}, {@link InstantOrder#upperBound}), so that messages a
   * client wrote in another form are not missed; the reader keeps those {@link #within} the window
   * by instant, and reads newest first with {@link InstantOrder.NewestFirst}.
   */
  public static KeyQuery conversation(
      UUID groupUuid, Optional<Instant> since, Optional<Instant> until) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(":pk", ItemKeys.messagePartition(groupUuid));
    String condition = "pk = :pk";
    if (since.isPresent() && until.isPresent()) {
      condition += " AND sk BETWEEN :since AND :until";
      values.put(":since", InstantOrder.lowerBound(since.get()));
      values.put(":until", InstantOrder.upperBound(until.get()));
    } else if (since.isPresent()) {
      condition += " AND sk >= :since";
      values.put(":since", InstantOrder.lowerBound(since.get()));
    } else if (until.isPresent()) {
      condition += " AND sk <= :until";
      values.put(":until", InstantOrder.upperBound(until.get()));
    }
    return new KeyQuery(Optional.empty(), condition, values, true);
  }

  /** True when {@code instant} is within {@code [since, until]} (either bound may be absent). */
  public static boolean within(Instant instant, Optional<Instant> since, Optional<Instant> until) {
    return since.map(s -> !instant.isBefore(s)).orElse(true)
        && until.map(u -> !instant.isAfter(u)).orElse(true);
  }

  /** B. The message groups of a user, most recently active first. */
  public static KeyQuery groupsOfUser(UUID userUuid) {
    return new KeyQuery(
        Optional.empty(), "pk = :pk", Map.of(":pk", ItemKeys.groupPartition(userUuid)), true);
  }

  /** E. The group rows of a group, one per member, through the sparse GSI. */
  public static KeyQuery groupRowsOfGroup(UUID groupUuid) {
    return new KeyQuery(
        Optional.of(MessagesTable.GROUP_INDEX),
        MessagesTable.GROUP_UUID + " = :group",
        Map.of(":group", groupUuid.toString()),
        true);
  }

  /**
   * D. A new group between two users with its first message: one row per member, each naming the
   * other, all three written in one transaction.
   */
  public static NewConversation newConversation(UUID groupUuid, Message first, UserRef recipient) {
    if (!first.groupUuid().equals(groupUuid)) {
      throw new IllegalArgumentException("the first message belongs to another group");
    }
    UserRef sender = first.sender();
    MessageGroupRow senderRow =
        new MessageGroupRow(sender.uuid(), first.createdAt(), groupUuid, first.text(), recipient);
    MessageGroupRow recipientRow =
        new MessageGroupRow(recipient.uuid(), first.createdAt(), groupUuid, first.text(), sender);
    return new NewConversation(first, senderRow, recipientRow);
  }

  /**
   * E. How one member's group row follows a new message: moved (old sort key deleted, new row put)
   * when the message is newer than the row; nothing when it is the same or older, which is what
   * makes a redelivered or out-of-order stream record harmless.
   */
  public static Optional<MessageGroupRow> groupRowAfter(MessageGroupRow current, Message message) {
    if (!current.groupUuid().equals(message.groupUuid())) {
      throw new IllegalArgumentException("the message belongs to another group");
    }
    if (!message.createdAt().isAfter(current.lastMessageAt())) {
      return Optional.empty();
    }
    return Optional.of(current.movedTo(message));
  }

  /**
   * The items of pattern D.
   *
   * @param message the first message
   * @param senderRow the sender's group row (naming the recipient)
   * @param recipientRow the recipient's group row (naming the sender)
   */
  public record NewConversation(
      Message message, MessageGroupRow senderRow, MessageGroupRow recipientRow) {}
}
