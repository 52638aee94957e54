package app.cruddur.ops.runner.internal.dynamo;

import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.KeyQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Runs the model's {@link KeyQuery}s with the SDK, every page, consumed capacity in the debug log.
 */
public final class Queries {
  private static final Logger LOG = Logger.getLogger(Queries.class.getName());

  private Queries() {}

  /** The SDK request of a model query. */
  public static QueryRequest request(String table, KeyQuery query, int pageSize) {
    return Items.request(table, query)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .limit(pageSize)
        .build();
  }

  /** Up to {@code max} items, following LastEvaluatedKey across pages. */
  public static List<Map<String, AttributeValue>> all(
      DynamoDbClient dynamo, String table, KeyQuery query, int max) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    each(
        dynamo,
        table,
        query,
        Math.min(max, 1000),
        page -> {
          for (Map<String, AttributeValue> item : page.items()) {
            if (items.size() < max) {
              items.add(item);
            }
          }
        },
        () -> items.size() >= max);
    return items;
  }

  /**
   * Calls {@code onPage} for every page (the SDK paginator) until there are no more or {@code
   * enough} says so.
   */
  public static void each(
      DynamoDbClient dynamo,
      String table,
      KeyQuery query,
      int pageSize,
      Consumer<QueryResponse> onPage,
      java.util.function.BooleanSupplier enough) {
    int page = 0;
    for (QueryResponse response : dynamo.queryPaginator(request(table, query, pageSize))) {
      page++;
      int n = page;
      LOG.fine(
          () ->
              "query "
                  + table
                  + query.indexName().map(i -> "/" + i).orElse("")
                  + " page "
                  + n
                  + ": "
                  + response.count()
                  + " items, consumed capacity "
                  + (response.consumedCapacity() == null
                      ? "n/a"
                      : response.consumedCapacity().capacityUnits()));
      onPage.accept(response);
      if (enough.getAsBoolean()) {
        return;
      }
    }
  }
}
