package app.cruddur.ops.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a tolerant read of items got: those that have their type's shape, and those that do not,
 * which the reader shows as warnings and skips instead of failing on the first one.
 *
 * @param <T> the item type
 * @param items the readable items, in the order read
 * @param unreadable the others, in the order read
 */
public record ItemsRead<T>(List<T> items, List<UnreadableItem> unreadable) {
  public ItemsRead {
    items = List.copyOf(items);
    unreadable = List.copyOf(unreadable);
  }

  /**
   * Reads each item with {@code reader}; an item it rejects ({@link MalformedItemException}) is
   * listed as unreadable, with the reason.
   */
  public static <T> ItemsRead<T> of(
      Iterable<Map<String, String>> attributes, Function<Map<String, String>, T> reader) {
    List<T> items = new ArrayList<>();
    List<UnreadableItem> unreadable = new ArrayList<>();
    for (Map<String, String> item : attributes) {
      try {
        items.add(reader.apply(item));
      } catch (MalformedItemException e) {
        unreadable.add(UnreadableItem.of(item, e.getMessage()));
      }
    }
    return new ItemsRead<>(items, unreadable);
  }

  /** The same read with other items (sorted, filtered, cut), keeping what was unreadable. */
  public <U> ItemsRead<U> withItems(List<U> others) {
    return new ItemsRead<>(others, unreadable);
  }
}
