package app.cruddur.ops.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A DynamoDB Query described as data: which index (none = the table), the key condition and its
 * string values, and the direction. The runner and the Lambda turn it into an SDK request.
 *
 * @param indexName the GSI to query, or empty for the table itself
 * @param keyCondition the key condition expression
 * @param values the expression attribute values, all strings
 * @param newestFirst {@code ScanIndexForward=false}
 */
public record KeyQuery(
    Optional<String> indexName,
    String keyCondition,
    Map<String, String> values,
    boolean newestFirst) {
  public KeyQuery {
    Objects.requireNonNull(indexName, "indexName");
    Objects.requireNonNull(keyCondition, "keyCondition");
    values = Map.copyOf(values);
  }
}
