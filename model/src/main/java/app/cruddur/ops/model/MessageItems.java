package app.cruddur.ops.model;

import java.util.Map;
import java.util.Optional;

/**
 * What an item of the messages table is, by its partition key, and whether it has that type's
 * shape.
 */
public final class MessageItems {
  private MessageItems() {}

  /**
   * What is wrong with an item of the messages table, if anything: a {@code MSG#} item must read as
   * a {@link Message}, a {@code GRP#} item as a {@link MessageGroupRow}, and no other item belongs
   * there.
   */
  public static Optional<String> problem(Map<String, String> item) {
    String pk = item.get(MessagesTable.PK);
    try {
      if (pk != null && pk.startsWith(ItemKeys.MESSAGE_PREFIX)) {
        Message.fromAttributes(item);
      } else if (pk != null && pk.startsWith(ItemKeys.GROUP_PREFIX)) {
        MessageGroupRow.fromAttributes(item);
      } else {
        return Optional.of(
            "pk '"
                + pk
                + "' is neither a message ("
                + ItemKeys.MESSAGE_PREFIX
                + "…) nor a group row ("
                + ItemKeys.GROUP_PREFIX
                + "…)");
      }
      return Optional.empty();
    } catch (MalformedItemException e) {
      return Optional.of(e.getMessage());
    }
  }
}
