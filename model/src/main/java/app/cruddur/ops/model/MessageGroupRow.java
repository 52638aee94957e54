package app.cruddur.ops.model;

import static app.cruddur.ops.model.MessagesTable.GROUP_UUID;
import static app.cruddur.ops.model.MessagesTable.LAST_MESSAGE_AT;
import static app.cruddur.ops.model.MessagesTable.MESSAGE;
import static app.cruddur.ops.model.MessagesTable.PK;
import static app.cruddur.ops.model.MessagesTable.SK;
import static app.cruddur.ops.model.MessagesTable.USER_DISPLAY_NAME;
import static app.cruddur.ops.model.MessagesTable.USER_HANDLE;
import static app.cruddur.ops.model.MessagesTable.USER_UUID;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A message group as one member sees it: {@code pk = GRP#{owner}}, {@code sk} = the time of the
 * latest message, naming the OTHER member and the latest message. There is one row per member.
 *
 * <p>The sort key stays a plain ISO-8601 timestamp (the Cruddur app shows it as the group's time
 * and lists with {@code begins_with(sk, year)}), and it is unique within the owner's partition:
 * when two groups of one user get messages in the same microsecond, the second row written takes
 * the next free microsecond ({@link #oneMicrosecondLater()}). The exact time of the latest message
 * is then kept in {@value MessagesTable#LAST_MESSAGE_AT}, which every row we write carries; a row
 * without it (one the app wrote) is read from its sort key.
 *
 * @param ownerUuid the member whose list of conversations this row is in
 * @param lastMessageAt time of the latest message
 * @param groupUuid the group
 * @param lastMessage text of the latest message
 * @param other the other member
 * @param sk the sort key as stored: {@code lastMessageAt} in canonical form, or up to a few
 *     microseconds after it; any ISO-8601 form for a row a client wrote (the key to address it by)
 */
public record MessageGroupRow(
    UUID ownerUuid,
    Instant lastMessageAt,
    UUID groupUuid,
    String lastMessage,
    UserRef other,
    String sk) {
  public MessageGroupRow {
    Objects.requireNonNull(ownerUuid, "ownerUuid");
    Objects.requireNonNull(lastMessageAt, "lastMessageAt");
    Objects.requireNonNull(groupUuid, "groupUuid");
    Objects.requireNonNull(lastMessage, "lastMessage");
    Objects.requireNonNull(other, "other");
    Objects.requireNonNull(sk, "sk");
  }

  /** A row at {@code lastMessageAt} (to the microsecond), with its canonical sort key. */
  public MessageGroupRow(
      UUID ownerUuid, Instant lastMessageAt, UUID groupUuid, String lastMessage, UserRef other) {
    this(
        ownerUuid,
        lastMessageAt.truncatedTo(ChronoUnit.MICROS),
        groupUuid,
        lastMessage,
        other,
        IsoTimestamps.format(lastMessageAt));
  }

  /** The partition key. */
  public String pk() {
    return ItemKeys.groupPartition(ownerUuid);
  }

  /** This row moved to a newer message: new time and sort key, new text, same group and members. */
  public MessageGroupRow movedTo(Message message) {
    return new MessageGroupRow(ownerUuid, message.createdAt(), groupUuid, message.text(), other);
  }

  /**
   * The same row with the next sort key: one microsecond after its current one, in canonical form.
   * For a row whose sort key another group's row of the same owner holds; {@link #lastMessageAt()}
   * stays the time of the message.
   */
  public MessageGroupRow oneMicrosecondLater() {
    return new MessageGroupRow(
        ownerUuid,
        lastMessageAt,
        groupUuid,
        lastMessage,
        other,
        IsoTimestamps.format(IsoTimestamps.parse(sk).plus(IsoTimestamps.RESOLUTION)));
  }

  /** The item as string attributes, keys first. */
  public Map<String, String> toAttributes() {
    Map<String, String> item = new LinkedHashMap<>();
    item.put(PK, pk());
    item.put(SK, sk);
    item.put(GROUP_UUID, groupUuid.toString());
    item.put(MESSAGE, lastMessage);
    item.put(USER_UUID, other.uuid().toString());
    item.put(USER_DISPLAY_NAME, other.displayName());
    item.put(USER_HANDLE, other.handle());
    item.put(LAST_MESSAGE_AT, IsoTimestamps.format(lastMessageAt));
    return item;
  }

  /**
   * Reads a group row, whatever ISO-8601 form its sort key has; the time of its latest message is
   * {@value MessagesTable#LAST_MESSAGE_AT} when the row has it, else its sort key.
   *
   * @throws MalformedItemException naming the attribute that is missing or wrong
   */
  public static MessageGroupRow fromAttributes(Map<String, String> item) {
    ItemAttributes a = new ItemAttributes("message group", item);
    Instant sortKeyTime = a.instant(SK);
    return new MessageGroupRow(
        a.keyUuid(ItemKeys.GROUP_PREFIX),
        item.containsKey(LAST_MESSAGE_AT) ? a.instant(LAST_MESSAGE_AT) : sortKeyTime,
        a.uuid(GROUP_UUID),
        a.text(MESSAGE),
        new UserRef(a.uuid(USER_UUID), a.text(USER_DISPLAY_NAME), a.text(USER_HANDLE)),
        a.text(SK));
  }
}
