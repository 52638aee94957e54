package app.cruddur.ops.model;

import static app.cruddur.ops.model.MessagesTable.GROUP_UUID;
import static app.cruddur.ops.model.MessagesTable.MESSAGE;
import static app.cruddur.ops.model.MessagesTable.PK;
import static app.cruddur.ops.model.MessagesTable.SK;
import static app.cruddur.ops.model.MessagesTable.USER_DISPLAY_NAME;
import static app.cruddur.ops.model.MessagesTable.USER_HANDLE;
import static app.cruddur.ops.model.MessagesTable.USER_UUID;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A message group as one member sees it: {@code pk = GRP#{owner}}, {@code sk = last_message_at},
 * naming the OTHER member and the latest message. There is one row per member.
 *
 * @param ownerUuid the member whose list of conversations this row is in
 * @param lastMessageAt time of the latest message (the sort key)
 * @param groupUuid the group
 * @param lastMessage text of the latest message
 * @param other the other member
 */
public record MessageGroupRow(
    UUID ownerUuid, Instant lastMessageAt, UUID groupUuid, String lastMessage, UserRef other) {
  public MessageGroupRow {
    Objects.requireNonNull(ownerUuid, "ownerUuid");
    Objects.requireNonNull(lastMessageAt, "lastMessageAt");
    Objects.requireNonNull(groupUuid, "groupUuid");
    Objects.requireNonNull(lastMessage, "lastMessage");
    Objects.requireNonNull(other, "other");
  }

  /** The partition key. */
  public String pk() {
    return ItemKeys.groupPartition(ownerUuid);
  }

  /** The sort key. */
  public String sk() {
    return IsoTimestamps.format(lastMessageAt);
  }

  /** This row moved to a newer message: new sort key, new text, same group and members. */
  public MessageGroupRow movedTo(Message message) {
    return new MessageGroupRow(ownerUuid, message.createdAt(), groupUuid, message.text(), other);
  }

  /** The item as string attributes, keys first. */
  public Map<String, String> toAttributes() {
    Map<String, String> item = new LinkedHashMap<>();
    item.put(PK, pk());
    item.put(SK, sk());
    item.put(GROUP_UUID, groupUuid.toString());
    item.put(MESSAGE, lastMessage);
    item.put(USER_UUID, other.uuid().toString());
    item.put(USER_DISPLAY_NAME, other.displayName());
    item.put(USER_HANDLE, other.handle());
    return item;
  }

  /**
   * Reads a group row.
   *
   * @throws MalformedItemException naming the attribute that is missing or wrong
   */
  public static MessageGroupRow fromAttributes(Map<String, String> item) {
    ItemAttributes a = new ItemAttributes("message group", item);
    return new MessageGroupRow(
        a.keyUuid(ItemKeys.GROUP_PREFIX),
        a.instant(SK),
        a.uuid(GROUP_UUID),
        a.text(MESSAGE),
        new UserRef(a.uuid(USER_UUID), a.text(USER_DISPLAY_NAME), a.text(USER_HANDLE)));
  }
}
