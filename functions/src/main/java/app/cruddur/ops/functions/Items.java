package app.cruddur.ops.functions;

import app.cruddur.ops.model.KeyQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The one adapter between the model's string attributes and the SDK's attribute values, shared by
 * the Lambda and the runner: every attribute the model writes is a string, and an attribute of
 * another type is not the model's, so reading leaves it out (the model's parsers then name what is
 * missing).
 */
public final class Items {
  private Items() {}

  /** The model's attributes as an SDK item. */
  public static Map<String, AttributeValue> toAttributeValues(Map<String, String> strings) {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    strings.forEach((name, value) -> values.put(name, AttributeValue.fromS(value)));
    return values;
  }

  /**
   * An SDK item's string attributes, for the model's parsers; attributes of other types are left
   * out.
   */
  public static Map<String, String> toStrings(Map<String, AttributeValue> item) {
    Map<String, String> strings = new LinkedHashMap<>();
    item.forEach(
        (name, value) -> {
          if (value.s() != null) {
            strings.put(name, value.s());
          }
        });
    return strings;
  }

  /** The SDK request of a model query (callers add paging and capacity reporting). */
  public static QueryRequest.Builder request(String tableName, KeyQuery query) {
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(tableName)
            .keyConditionExpression(query.keyCondition())
            .expressionAttributeValues(toAttributeValues(query.values()))
            .scanIndexForward(!query.newestFirst());
    query.indexName().ifPresent(request::indexName);
    return request;
  }

  static QueryRequest toRequest(String tableName, KeyQuery query) {
    return request(tableName, query).build();
  }
}
