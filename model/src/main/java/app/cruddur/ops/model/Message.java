package app.cruddur.ops.model;

import static app.cruddur.ops.model.MessagesTable.MESSAGE;
import static app.cruddur.ops.model.MessagesTable.MESSAGE_UUID;
import static app.cruddur.ops.model.MessagesTable.PK;
import static app.cruddur.ops.model.MessagesTable.SK;
import static app.cruddur.ops.model.MessagesTable.USER_DISPLAY_NAME;
import static app.cruddur.ops.model.MessagesTable.USER_HANDLE;
import static app.cruddur.ops.model.MessagesTable.USER_UUID;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A message item: {@code pk = MSG#{group}}, {@code sk = created_at}. It carries its group in its
 * key only, so the sparse GSI never indexes it.
 *
 * @param groupUuid the message group
 * @param createdAt when it was sent (the sort key)
 * @param messageUuid the message's own id
 * @param text the message text
 * @param sender who sent it
 */
public record Message(UUID groupUuid, Instant createdAt, UUID messageUuid, String text, UserRef sender) {
  public Message {
    Objects.requireNonNull(groupUuid, "groupUuid");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(messageUuid, "messageUuid");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sender, "sender");
  }

  /** The partition key. */
  public String pk() {
    return ItemKeys.messagePartition(groupUuid);
  }

  /** The sort key. */
  public String sk() {
    return IsoTimestamps.format(createdAt);
  }

  /** The item as string attributes, keys first. */
  public Map<String, String> toAttributes() {
    Map<String, String> item = new LinkedHashMap<>();
    item.put(PK, pk());
    item.put(SK, sk());
    item.put(MESSAGE_UUID, messageUuid.toString());
    item.put(MESSAGE, text);
    item.put(USER_UUID, sender.uuid().toString());
    item.put(USER_DISPLAY_NAME, sender.displayName());
    item.put(USER_HANDLE, sender.handle());
    return item;
  }

  /** Size of the item as DynamoDB counts it: attribute names plus UTF-8 values. */
  public int itemBytes() {
    int bytes = 0;
    for (Map.Entry<String, String> attribute : toAttributes().entrySet()) {
      bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length;
      bytes += attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return bytes;
  }

  /**
   * Reads a message item.
   *
   * @throws MalformedItemException naming the attribute that is missing or wrong
   */
  public static Message fromAttributes(Map<String, String> item) {
    ItemAttributes a = new ItemAttributes("message", item);
    return new Message(
        a.keyUuid(ItemKeys.MESSAGE_PREFIX),
        a.instant(SK),
        a.uuid(MESSAGE_UUID),
        a.text(MESSAGE),
        new UserRef(a.uuid(USER_UUID), a.text(USER_DISPLAY_NAME), a.text(USER_HANDLE)));
  }
}
