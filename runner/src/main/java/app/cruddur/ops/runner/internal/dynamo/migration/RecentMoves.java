package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items a segment moved in its last pages: a scan that goes on meets them again at their new
 * key (a canonical sort key usually sorts right after the form it replaces), and they are neither
 * new items nor work to count twice. Bounded: items older than two pages are forgotten (one met
 * again later counts as already done).
 */
final class RecentMoves {
  private final Map<Map<String, AttributeValue>, Integer> items =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private int page;

  /** {@code item} was written at its new key by this segment. */
  void add(Map<String, AttributeValue> item) {
    items.put(item, page);
  }

  /** True (once) when {@code item} is one this segment wrote. */
  boolean isOurs(Map<String, AttributeValue> item) {
    return items.remove(item) != null;
  }

  /** A page is done: forget what is older than two pages. */
  void pageDone() {
    page++;
    synchronized (items) {
      items.values().removeIf(p -> p < page - 2);
    }
  }
}
