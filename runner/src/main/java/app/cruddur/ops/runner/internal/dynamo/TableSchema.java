package app.cruddur.ops.runner.internal.dynamo;

import app.cruddur.ops.model.IndexDefinition;
import app.cruddur.ops.model.KeyAttribute;
import app.cruddur.ops.model.TableDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A table of the model on a DynamoDB endpoint: created from the {@link TableDefinition} and waited
 * for with the SDK's waiter, or compared with it, naming every difference.
 */
public final class TableSchema {
  /** How long to wait for a table to become ACTIVE or to disappear. */
  public static final Duration WAIT = Duration.ofMinutes(5);

  private TableSchema() {}

  /** What {@link #ensure} found or did. */
  public enum Outcome {
    /** The table did not exist and was created. */
    CREATED,
    /** The table existed and matches the model. */
    MATCHES,
    /**
     * The table existed; the GSIs of the model it lacked were created (one at a time, each waited
     * for).
     */
    INDEXES_CREATED,
    /**
     * The table existed provisioned or without a stream (as the course's schema-load made it): it
     * was switched to on demand and its stream turned on, in place (and any missing GSIs created).
     */
    CONVERGED
  }

  /** The table's description, if it exists. */
  public static Optional<TableDescription> describe(DynamoDbClient dynamo, String tableName) {
    try {
      return Optional.of(dynamo.describeTable(b -> b.tableName(tableName)).table());
    } catch (ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates the table if missing (when {@code mayCreate}), waits until it is ACTIVE, and checks
   * that it matches the model. Where it may create, an existing table is converged in place: the
   * model's missing GSIs created, a provisioned table switched to on demand, a stream that is off
   * turned on (NEW_IMAGE).
   *
   * @throws TableMismatchException naming every difference from the model
   * @throws MissingTableException when it is missing and may not be created here
   */
  public static Outcome ensure(
      DynamoDbClient dynamo, TableDefinition definition, boolean mayCreate) {
    Optional<TableDescription> existing = describe(dynamo, definition.tableName());
    if (existing.isEmpty()) {
      if (!mayCreate) {
        throw new MissingTableException(definition.tableName());
      }
      try {
        dynamo.createTable(createRequest(definition));
      } catch (software.amazon.awssdk.services.dynamodb.model.ResourceInUseException raced) {
        // created meanwhile by someone else: fall through to wait and verify
      }
      TableDescription created = awaitActive(dynamo, definition.tableName());
      verify(definition, created);
      return Outcome.CREATED;
    }
    TableDescription table = existing.get();
    if (table.tableStatus() != TableStatus.ACTIVE) {
      table = awaitActive(dynamo, definition.tableName());
    }
    boolean created = false;
    if (mayCreate) {
      for (IndexDefinition index : definition.globalIndexes()) {
        created |=
            TableIndexes.ensure(dynamo, definition, index.indexName(), true)
                == TableIndexes.Outcome.CREATED;
      }
      if (created) {
        table = awaitActive(dynamo, definition.tableName());
      }
    }
    boolean converged = false;
    if (mayCreate && TableConvergence.needed(table)) {
      table = TableConvergence.converge(dynamo, definition);
      converged = true;
    }
    verify(definition, table);
    return converged ? Outcome.CONVERGED : created ? Outcome.INDEXES_CREATED : Outcome.MATCHES;
  }

  /** Waits with the SDK waiter until the table exists and is ACTIVE. */
  public static TableDescription awaitActive(DynamoDbClient dynamo, String tableName) {
    return dynamo
        .waiter()
        .waitUntilTableExists(b -> b.tableName(tableName), o -> o.waitTimeout(WAIT))
        .matched()
        .response()
        .orElseThrow()
        .table();
  }

  /** Waits with the SDK waiter until the table is gone. */
  public static void awaitDeleted(DynamoDbClient dynamo, String tableName) {
    dynamo.waiter().waitUntilTableNotExists(b -> b.tableName(tableName), o -> o.waitTimeout(WAIT));
  }

  /** The CreateTable request of a definition: on-demand, with its GSIs and stream. */
  public static CreateTableRequest createRequest(TableDefinition definition) {
    List<AttributeDefinition> attributes = attributeDefinitions(definition);
    List<GlobalSecondaryIndex> indexes =
        definition.globalIndexes().stream()
            .map(
                i ->
                    GlobalSecondaryIndex.builder()
                        .indexName(i.indexName())
                        .keySchema(keySchema(i.partitionKey(), i.sortKey()))
                        .projection(
                            Projection.builder()
                                .projectionType(ProjectionType.fromValue(i.projection()))
                                .build())
                        .build())
            .toList();
    CreateTableRequest.Builder request =
        CreateTableRequest.builder()
            .tableName(definition.tableName())
            .attributeDefinitions(attributes)
            .keySchema(keySchema(definition.partitionKey(), definition.sortKey()))
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .streamSpecification(
                StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(StreamViewType.fromValue(definition.streamView()))
                    .build());
    if (!indexes.isEmpty()) {
      request.globalSecondaryIndexes(indexes);
    }
    return request.build();
  }

  /** The definitions of every key attribute of the table and its indexes. */
  static List<AttributeDefinition> attributeDefinitions(TableDefinition definition) {
    return definition.keyAttributes().stream()
        .map(
            a ->
                AttributeDefinition.builder()
                    .attributeName(a.name())
                    .attributeType(ScalarAttributeType.fromValue(a.type()))
                    .build())
        .toList();
  }

  /** Every way {@code table} differs from {@code definition} (empty: it matches). */
  public static List<String> differences(TableDefinition definition, TableDescription table) {
    List<String> diffs = new ArrayList<>();
    Map<String, String> types =
        table.attributeDefinitions().stream()
            .collect(
                Collectors.toMap(
                    AttributeDefinition::attributeName, a -> a.attributeTypeAsString()));
    compareKeys(
        "key schema",
        definition.partitionKey(),
        definition.sortKey(),
        table.keySchema(),
        types,
        diffs);
    Map<String, GlobalSecondaryIndexDescription> indexes =
        table.hasGlobalSecondaryIndexes()
            ? table.globalSecondaryIndexes().stream()
                .collect(
                    Collectors.toMap(
                        GlobalSecondaryIndexDescription::indexName, Function.identity()))
            : Map.of();
    for (IndexDefinition index : definition.globalIndexes()) {
      GlobalSecondaryIndexDescription actual = indexes.get(index.indexName());
      if (actual == null) {
        diffs.add("global secondary index " + index.indexName() + " is missing");
        continue;
      }
      compareKeys(
          "index " + index.indexName(),
          index.partitionKey(),
          index.sortKey(),
          actual.keySchema(),
          types,
          diffs);
      String projection =
          actual.projection() == null ? "none" : actual.projection().projectionTypeAsString();
      if (!index.projection().equals(projection)) {
        diffs.add(
            "index "
                + index.indexName()
                + " projects "
                + projection
                + ", the model "
                + index.projection());
      }
    }
    StreamSpecification stream = table.streamSpecification();
    if (stream == null || !Boolean.TRUE.equals(stream.streamEnabled())) {
      diffs.add("the stream is off, the model has " + definition.streamView());
    } else if (!definition.streamView().equals(stream.streamViewTypeAsString())) {
      diffs.add(
          "the stream view is "
              + stream.streamViewTypeAsString()
              + ", the model "
              + definition.streamView());
    }
    return diffs;
  }

  private static void verify(TableDefinition definition, TableDescription table) {
    List<String> diffs = differences(definition, table);
    if (!diffs.isEmpty()) {
      throw new TableMismatchException(definition.tableName(), diffs);
    }
  }

  private static void compareKeys(
      String what,
      KeyAttribute hash,
      KeyAttribute range,
      List<KeySchemaElement> actual,
      Map<String, String> types,
      List<String> diffs) {
    String actualHash =
        actual.stream()
            .filter(k -> k.keyType() == KeyType.HASH)
            .map(KeySchemaElement::attributeName)
            .findFirst()
            .orElse("none");
    String actualRange =
        actual.stream()
            .filter(k -> k.keyType() == KeyType.RANGE)
            .map(KeySchemaElement::attributeName)
            .findFirst()
            .orElse("none");
    if (!hash.name().equals(actualHash)) {
      diffs.add(what + ": partition key is " + actualHash + ", the model " + hash.name());
    } else if (!hash.type().equals(types.get(actualHash))) {
      diffs.add(
          what
              + ": "
              + actualHash
              + " is of type "
              + types.get(actualHash)
              + ", the model "
              + hash.type());
    }
    if (!range.name().equals(actualRange)) {
      diffs.add(what + ": sort key is " + actualRange + ", the model " + range.name());
    } else if (!range.type().equals(types.get(actualRange))) {
      diffs.add(
          what
              + ": "
              + actualRange
              + " is of type "
              + types.get(actualRange)
              + ", the model "
              + range.type());
    }
  }

  static List<KeySchemaElement> keySchema(KeyAttribute hash, KeyAttribute range) {
    return List.of(
        KeySchemaElement.builder().attributeName(hash.name()).keyType(KeyType.HASH).build(),
        KeySchemaElement.builder().attributeName(range.name()).keyType(KeyType.RANGE).build());
  }

  /** The table differs from the model. */
  public static final class TableMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> differences;

    TableMismatchException(String table, List<String> differences) {
      super("table " + table + " does not match the model: " + String.join("; ", differences));
      this.differences = List.copyOf(differences);
    }

    public List<String> differences() {
      return differences;
    }
  }

  /** The table is missing where it may not be created. */
  public static final class MissingTableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingTableException(String table) {
      super("table " + table + " does not exist");
    }
  }
}
