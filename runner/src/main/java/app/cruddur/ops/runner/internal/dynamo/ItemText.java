package app.cruddur.ops.runner.internal.dynamo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SDK items as people read them (scan output, messages). The model's own conversion is {@link
 * app.cruddur.ops.functions.Items}, shared with the Lambda.
 */
public final class ItemText {
  private ItemText() {}

  /** The key of an item (for batch de-duplication and messages). */
  public static String key(Map<String, AttributeValue> item, String partitionKey, String sortKey) {
    return render(item.get(partitionKey)) + " / " + render(item.get(sortKey));
  }

  /** An item as plain JSON-friendly values, keys sorted with pk and sk first. */
  public static Map<String, Object> plain(Map<String, AttributeValue> item) {
    Map<String, Object> sorted = new LinkedHashMap<>();
    for (String first : List.of("pk", "sk")) {
      if (item.containsKey(first)) {
        sorted.put(first, plainValue(item.get(first)));
      }
    }
    new TreeMap<>(item).forEach((k, v) -> sorted.putIfAbsent(k, plainValue(v)));
    return sorted;
  }

  /** One attribute value as readable text. */
  public static String render(AttributeValue v) {
    if (v == null) {
      return "";
    }
    Object plain = plainValue(v);
    return plain == null ? "null" : plain.toString();
  }

  private static Object plainValue(AttributeValue v) {
    return switch (v.type()) {
      case S -> v.s();
      case N -> v.n();
      case BOOL -> v.bool();
      case NUL -> null;
      case B -> "<" + v.b().asByteArray().length + " bytes>";
      case SS -> v.ss();
      case NS -> v.ns();
      case BS -> v.bs().size() + " binary values";
      case L -> v.l().stream().map(ItemText::plainValue).toList();
      case M ->
          v.m().entrySet().stream()
              .collect(
                  Collectors.toMap(
                      Map.Entry::getKey,
                      e -> String.valueOf(plainValue(e.getValue())),
                      (a, b) -> a,
                      TreeMap::new));
      default -> v.toString();
    };
  }
}
