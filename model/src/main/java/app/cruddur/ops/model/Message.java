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
 * @param createdAt when it was sent: the instant its sort key names
 * @param messageUuid the message's own id
 * @param text the message text
 * @param sender who sent it
 * @param sk the sort key as stored: canonical ({@link IsoTimestamps#format}) for the messages we
 *     write, any ISO-8601 form for those a client wrote (the key to address the item by)
 */
public record Message(
    UUID groupUuid, Instant createdAt, UUID messageUuid, String text, UserRef sender, String sk) {
  public Message {
    Objects.requireNonNull(groupUuid, "groupUuid");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(messageUuid, "messageUuid");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(sk, "sk");
  }

  /**
   * A new message at {@code createdAt} (to the microsecond, as its sort key), with the canonical
   * sort key.
   */
  public Message(UUID groupUuid, Instant createdAt, UUID messageUuid, String text, UserRef sender) {
    this(
        groupUuid,
        createdAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
        messageUuid,
        text,
        sender,
        IsoTimestamps.format(createdAt));
  }

  /** The partition key. */
  public String pk() {
    return ItemKeys.messagePartition(groupUuid);
  }

  /**
   * The same message one microsecond later: for a new message whose sort key another message of the
   * group holds already (two sent in the same microsecond).
   */
  public Message oneMicrosecondLater() {
    return new Message(
        groupUuid, createdAt.plus(IsoTimestamps.RESOLUTION), messageUuid, text, sender);
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
   * Reads a message item, whatever ISO-8601 form its sort key has (see {@link
   * IsoTimestamps#parse}).
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
        new UserRef(a.uuid(USER_UUID), a.text(USER_DISPLAY_NAME), a.text(USER_HANDLE)),
        a.text(SK));
  }
}
