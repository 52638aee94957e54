package app.cruddur.ops.model;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Reads typed values out of an item's string attributes, naming the attribute when one is wrong.
 */
final class ItemAttributes {
  private final String itemType;
  private final Map<String, String> attributes;

  ItemAttributes(String itemType, Map<String, String> attributes) {
    this.itemType = itemType;
    this.attributes = attributes;
  }

  String text(String name) {
    String value = attributes.get(name);
    if (value == null) {
      throw new MalformedItemException(itemType + " item has no '" + name + "' attribute");
    }
    return value;
  }

  UUID uuid(String name) {
    String value = text(name);
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new MalformedItemException(
          itemType + " item attribute '" + name + "' is not a UUID: '" + value + "'");
    }
  }

  Instant instant(String name) {
    String value = text(name);
    try {
      return IsoTimestamps.parse(value);
    } catch (IllegalArgumentException e) {
      throw new MalformedItemException(
          itemType + " item attribute '" + name + "' is not a timestamp: '" + value + "'");
    }
  }

  UUID keyUuid(String prefix) {
    String pk = text(MessagesTable.PK);
    if (!pk.startsWith(prefix)) {
      throw new MalformedItemException(
          itemType + " item pk '" + pk + "' does not start with '" + prefix + "'");
    }
    try {
      return UUID.fromString(pk.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      throw new MalformedItemException(itemType + " item pk '" + pk + "' does not end in a UUID");
    }
  }
}
