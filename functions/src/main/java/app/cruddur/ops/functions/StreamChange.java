package app.cruddur.ops.functions;

import app.cruddur.ops.model.ItemKeys;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessagesTable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of the messages table's stream, independent of where it was read: Lambda's event types
 * and the SDK's DynamoDB Streams types both convert to it ({@link StreamChanges}). Only string
 * attributes are carried, which are all this table's items have.
 *
 * @param sequenceNumber the record's sequence number in its shard (what a partial batch failure
 *     names)
 * @param eventName {@code INSERT}, {@code MODIFY} or {@code REMOVE}
 * @param keys the item's key attributes
 * @param newImage the item after the change (empty for {@code REMOVE})
 */
public record StreamChange(
    String sequenceNumber,
    String eventName,
    Map<String, String> keys,
    Map<String, String> newImage) {
  /** Event name of a new item. */
  public static final String INSERT = "INSERT";

  /** Event name of an overwritten item. */
  public static final String MODIFY = "MODIFY";

  /** Event name of a deleted item. */
  public static final String REMOVE = "REMOVE";

  public StreamChange {
    Objects.requireNonNull(eventName, "eventName");
    keys = Map.copyOf(keys);
    newImage = Map.copyOf(newImage);
  }

  /**
   * The record a write of {@code message} produces (tests, and callers that already hold a {@link
   * Message}).
   */
  public static StreamChange insertOf(String sequenceNumber, Message message) {
    Map<String, String> item = message.toAttributes();
    return new StreamChange(
        sequenceNumber,
        INSERT,
        Map.of(MessagesTable.PK, message.pk(), MessagesTable.SK, message.sk()),
        item);
  }

  /** The item's partition key, from the keys (always present) or else the new image. */
  public Optional<String> partitionKey() {
    return Optional.ofNullable(keys.get(MessagesTable.PK))
        .or(() -> Optional.ofNullable(newImage.get(MessagesTable.PK)));
  }

  /**
   * True for a message item that was written (INSERT or MODIFY of a {@code MSG#} item). Group rows,
   * including those the mover writes itself, and deletions are not.
   */
  public boolean isMessageWrite() {
    boolean write = INSERT.equals(eventName) || MODIFY.equals(eventName);
    return write && partitionKey().filter(pk -> pk.startsWith(ItemKeys.MESSAGE_PREFIX)).isPresent();
  }
}
