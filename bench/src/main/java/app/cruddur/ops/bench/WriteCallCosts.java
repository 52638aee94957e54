package app.cruddur.ops.bench;

import app.cruddur.ops.model.MessagesTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * What one item's write costs the engine, call by call, on one client thread (no contention): the
 * unconditional BatchWriteItem of the ceiling against every way DynamoDB offers to write an item on
 * a condition (UpdateItem, PutItem, and the two that carry a condition per item in one request:
 * TransactWriteItems and PartiQL's BatchExecuteStatement). It says which conditional write a
 * backfill on this engine can use, and how far from the ceiling the cheapest of them must stay.
 * Also whether BatchExecuteStatement reports a statement whose condition failed.
 */
final class WriteCallCosts {
  /**
   * Items a batched call carries (BatchWriteItem's limit; TransactWriteItems and
   * BatchExecuteStatement take 100 and 25).
   */
  private static final int BATCH = 25;

  /**
   * The update every conditional update call makes: {@code SET attribute = 'x'} if the item's
   * handle is as read.
   */
  private static final String SET = "SET #p = :p";

  private static final String UNCHANGED_HANDLE = "#h = :h";

  /** One call's cost. */
  record Cost(
      String call, boolean conditional, int itemsPerRequest, long items, double millisPerItem) {}

  /** The costs, and what the engine answered a statement whose condition failed. */
  record Result(long tableItems, List<Cost> costs, String failedConditionAnswer) {}

  private final DynamoDbClient dynamo;

  WriteCallCosts(DynamoDbClient dynamo) {
    this.dynamo = dynamo;
  }

  /**
   * Measures on {@code table}, whose messages are {@code items}: {@code perCall} items by the
   * single-item calls, {@code batches} requests of the batched ones, after one uncounted call of
   * each; every call writes items it has not written before (a {@code probe_N} attribute a call).
   */
  Result run(String table, List<Map<String, AttributeValue>> items, int perCall, int batches) {
    List<Map<String, AttributeValue>> messages =
        items.stream().filter(i -> i.get(MessagesTable.PK).s().startsWith("MSG#")).toList();
    int needed = Math.max(perCall + 1, (batches + 1) * BATCH);
    if (messages.size() < needed) {
      throw new IllegalArgumentException(
          "the table has " + messages.size() + " messages, the probe needs " + needed);
    }
    List<Cost> costs = new ArrayList<>();
    costs.add(
        time(
            "BatchWriteItem",
            false,
            BATCH,
            batches,
            b -> batchWrite(table, batch(messages, b), "probe_1")));
    costs.add(time("UpdateItem", true, 1, perCall, i -> update(table, messages.get(i), "probe_2")));
    costs.add(time("PutItem", true, 1, perCall, i -> put(table, messages.get(i), "probe_3")));
    costs.add(
        time(
            "TransactWriteItems",
            true,
            BATCH,
            batches,
            b -> transact(table, batch(messages, b), "probe_4")));
    costs.add(
        time(
            "BatchExecuteStatement (PartiQL)",
            true,
            BATCH,
            batches,
            b -> partiql(table, batch(messages, b), "probe_5")));
    // the same statements again: every condition (probe_5 absent) now fails
    BatchExecuteStatementResponse again = partiql(table, batch(messages, 0), "probe_5");
    long errors = again.responses().stream().filter(r -> r.error() != null).count();
    String answer =
        errors == BATCH
            ? "an error for each statement ("
                + again.responses().get(0).error().codeAsString()
                + ")"
            : errors
                + " errors for "
                + BATCH
                + " statements whose condition failed (the answer does not tell them from applied"
                + " ones)";
    return new Result(items.size(), costs, answer);
  }

  private static Cost time(
      String call, boolean conditional, int perRequest, int requests, IntConsumer oneRequest) {
    oneRequest.accept(
        0); // the first request of a kind pays the engine's and the SDK's first-use costs: not
    // counted
    long start = System.nanoTime();
    for (int r = 1; r <= requests; r++) {
      oneRequest.accept(r);
    }
    double millis = (System.nanoTime() - start) / 1e6;
    long items = (long) requests * perRequest;
    return new Cost(call, conditional, perRequest, items, millis / items);
  }

  private void batchWrite(String table, List<Map<String, AttributeValue>> items, String attribute) {
    List<WriteRequest> requests = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      requests.add(
          WriteRequest.builder()
              .putRequest(PutRequest.builder().item(with(item, attribute)).build())
              .build());
    }
    dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, requests)));
  }

  /** The {@code index}th batch of the messages. */
  private static List<Map<String, AttributeValue>> batch(
      List<Map<String, AttributeValue>> messages, int index) {
    return messages.subList(index * BATCH, (index + 1) * BATCH);
  }

  private static Map<String, String> updateNames(String attribute) {
    return Map.of("#p", attribute, "#h", MessagesTable.USER_HANDLE);
  }

  private static Map<String, AttributeValue> updateValues(Map<String, AttributeValue> item) {
    return Map.of(":p", AttributeValue.fromS("x"), ":h", item.get(MessagesTable.USER_HANDLE));
  }

  private void update(String table, Map<String, AttributeValue> item, String attribute) {
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(item))
                .updateExpression(SET)
                .conditionExpression(UNCHANGED_HANDLE)
                .expressionAttributeNames(updateNames(attribute))
                .expressionAttributeValues(updateValues(item)));
  }

  private void put(String table, Map<String, AttributeValue> item, String attribute) {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(with(item, attribute))
                .conditionExpression(UNCHANGED_HANDLE)
                .expressionAttributeNames(Map.of("#h", MessagesTable.USER_HANDLE))
                .expressionAttributeValues(Map.of(":h", item.get(MessagesTable.USER_HANDLE))));
  }

  private void transact(String table, List<Map<String, AttributeValue>> items, String attribute) {
    List<TransactWriteItem> actions = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      actions.add(
          TransactWriteItem.builder()
              .update(
                  u ->
                      u.tableName(table)
                          .key(key(item))
                          .updateExpression(SET)
                          .conditionExpression(UNCHANGED_HANDLE)
                          .expressionAttributeNames(updateNames(attribute))
                          .expressionAttributeValues(updateValues(item)))
              .build());
    }
    dynamo.transactWriteItems(b -> b.transactItems(actions));
  }

  /**
   * {@code UPDATE … SET attribute WHERE key AND attribute IS MISSING}: one conditional statement an
   * item.
   */
  private BatchExecuteStatementResponse partiql(
      String table, List<Map<String, AttributeValue>> items, String attribute) {
    List<BatchStatementRequest> statements = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      statements.add(
          BatchStatementRequest.builder()
              .statement(
                  String.format(
                      Locale.ROOT,
                      "UPDATE \"%s\" SET %s = 'x' WHERE %s = ? AND %s = ? AND %s IS MISSING",
                      table,
                      attribute,
                      MessagesTable.PK,
                      MessagesTable.SK,
                      attribute))
              .parameters(item.get(MessagesTable.PK), item.get(MessagesTable.SK))
              .build());
    }
    return dynamo.batchExecuteStatement(b -> b.statements(statements));
  }

  private static Map<String, AttributeValue> with(
      Map<String, AttributeValue> item, String attribute) {
    Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
    copy.put(attribute, AttributeValue.fromS("x"));
    return copy;
  }

  private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    return Map.of(
        MessagesTable.PK, item.get(MessagesTable.PK), MessagesTable.SK, item.get(MessagesTable.SK));
  }
}
