package app.cruddur.ops.functions.testing;

import app.cruddur.ops.model.IndexDefinition;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.TableDefinition;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** Creates and reads messages tables on the local engine, from the model's definition. */
public final class MessagesTables {
  private MessagesTables() {}

  /**
   * A new, empty table as {@link MessagesTable#definition(String)} describes it, under a fresh
   * name.
   */
  public static String create(DynamoDbClient dynamo) {
    TableDefinition table = MessagesTable.definition("cruddur-messages-" + UUID.randomUUID());
    dynamo.createTable(
        CreateTableRequest.builder()
            .tableName(table.tableName())
            .attributeDefinitions(
                table.keyAttributes().stream()
                    .map(
                        a ->
                            AttributeDefinition.builder()
                                .attributeName(a.name())
                                .attributeType(a.type())
                                .build())
                    .toList())
            .keySchema(
                key(table.partitionKey().name(), KeyType.HASH),
                key(table.sortKey().name(), KeyType.RANGE))
            .globalSecondaryIndexes(
                table.globalIndexes().stream().map(MessagesTables::index).toList())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .streamSpecification(
                StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(StreamViewType.fromValue(table.streamView()))
                    .build())
            .build());
    dynamo.waiter().waitUntilTableExists(r -> r.tableName(table.tableName()));
    return table.tableName();
  }

  /** Every item of the table as string attributes, in a stable order (to compare whole tables). */
  public static List<Map<String, String>> snapshot(DynamoDbClient dynamo, String tableName) {
    return dynamo
        .scanPaginator(ScanRequest.builder().tableName(tableName).consistentRead(true).build())
        .items()
        .stream()
        .map(MessagesTables::strings)
        .sorted((a, b) -> (a.get("pk") + a.get("sk")).compareTo(b.get("pk") + b.get("sk")))
        .toList();
  }

  /** Puts the item given as string attributes. */
  public static void put(DynamoDbClient dynamo, String tableName, Map<String, String> item) {
    dynamo.putItem(
        r ->
            r.tableName(tableName)
                .item(
                    item.entrySet().stream()
                        .collect(
                            Collectors.toMap(
                                Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue())))));
  }

  private static Map<String, String> strings(Map<String, AttributeValue> item) {
    return item.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
  }

  private static GlobalSecondaryIndex index(IndexDefinition index) {
    return GlobalSecondaryIndex.builder()
        .indexName(index.indexName())
        .keySchema(
            key(index.partitionKey().name(), KeyType.HASH),
            key(index.sortKey().name(), KeyType.RANGE))
        .projection(
            Projection.builder()
                .projectionType(ProjectionType.fromValue(index.projection()))
                .build())
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
