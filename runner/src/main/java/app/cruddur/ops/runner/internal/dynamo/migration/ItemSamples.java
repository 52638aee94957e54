package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.internal.dynamo.ItemText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A few items kept to show what a migration does or could not do (a dry run's before/after, the
 * items that failed), bounded so that memory stays flat however many items there are.
 */
public final class ItemSamples {
  /** How many samples of each kind are kept. */
  public static final int LIMIT = 5;

  private static final int LONGEST_VALUE = 60;

  /**
   * One sample.
   *
   * @param before the item as read
   * @param after the item as written (or as it would be), empty when it is not written
   * @param note why it is shown (a failure's reason), or empty
   */
  public record Sample(Map<String, Object> before, Map<String, Object> after, String note) {}

  private final List<Sample> samples = new ArrayList<>();

  /** Keeps a sample if fewer than {@link #LIMIT} are kept. */
  public synchronized void offer(
      Map<String, AttributeValue> before, Map<String, AttributeValue> after, String note) {
    if (samples.size() < LIMIT) {
      samples.add(
          new Sample(
              ItemText.plain(before), after == null ? Map.of() : ItemText.plain(after), note));
    }
  }

  public synchronized List<Sample> list() {
    return List.copyOf(samples);
  }

  /** An item in one short line: {@code {pk=MSG#…, sk=2026-…}}, long values cut. */
  public static String describe(Map<String, AttributeValue> item) {
    StringBuilder line = new StringBuilder("{");
    for (Map.Entry<String, Object> e : ItemText.plain(item).entrySet()) {
      if (line.length() > 1) {
        line.append(", ");
      }
      String value = String.valueOf(e.getValue());
      line.append(e.getKey())
          .append('=')
          .append(value.length() > LONGEST_VALUE ? value.substring(0, LONGEST_VALUE) + "…" : value);
    }
    return line.append('}').toString();
  }

  /** The key of an item in one short line: {@code MSG#… / 2026-…}. */
  public static String key(Map<String, AttributeValue> item, String partitionKey, String sortKey) {
    return ItemText.key(item, partitionKey, sortKey);
  }
}
