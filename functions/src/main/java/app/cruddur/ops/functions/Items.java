package app.cruddur.ops.functions;

import app.cruddur.ops.model.KeyQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Between the model's string attributes and the SDK's attribute values; every attribute here is a string. */
final class Items {
  private Items() {}

  static Map<String, AttributeValue> toAttributeValues(Map<String, String> strings) {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    strings.forEach((name, value) -> values.put(name, AttributeValue.fromS(value)));
    return values;
  }

  static Map<String, String> toStrings(Map<String, AttributeValue> item) {
    Map<String, String> strings = new LinkedHashMap<>();
    item.forEach(
        (name, value) -> {
          if (value.s() != null) {
            strings.put(name, value.s());
          }
        });
    return strings;
  }

  static QueryRequest toRequest(String tableName, KeyQuery query) {
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(tableName)
            .keyConditionExpression(query.keyCondition())
            .expressionAttributeValues(toAttributeValues(query.values()))
            .scanIndexForward(!query.newestFirst());
    query.indexName().ifPresent(request::indexName);
    return request.build();
  }
}
