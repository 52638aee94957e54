package app.cruddur.ops.runner.internal.dynamo;

import app.cruddur.ops.model.IndexDefinition;
import app.cruddur.ops.model.TableDefinition;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The model's GSIs on an existing table: one created with UpdateTable where the runner owns the
 * table (DynamoDB creates one GSI per UpdateTable and fills it from every item before it is
 * ACTIVE), else only found; either way waited for until ACTIVE and no longer backfilling.
 */
public final class TableIndexes {
  private TableIndexes() {}

  /** How long to wait for a new GSI to become ACTIVE: DynamoDB fills it from every item first. */
  public static final Duration INDEX_WAIT = Duration.ofHours(2);

  /** What {@link #ensure} found or did. */
  public enum Outcome {
    /** The index did not exist and was created, and is ACTIVE. */
    CREATED,
    /** The index exists and is ACTIVE (waited for if it was still being created). */
    ACTIVE
  }

  /**
   * Makes sure the model's GSI {@code indexName} exists on the table and is ACTIVE: created with
   * UpdateTable where {@code mayCreate} (DynamoDB creates one GSI per UpdateTable, and backfills it
   * from every item before it is ACTIVE), else only found and waited for.
   *
   * @throws TableSchema.MissingTableException when the table does not exist
   * @throws MissingIndexException when the index is missing and may not be created here
   */
  public static Outcome ensure(
      DynamoDbClient dynamo, TableDefinition definition, String indexName, boolean mayCreate) {
    IndexDefinition index =
        definition
            .index(indexName)
            .orElseThrow(() -> new IllegalArgumentException("the model has no index " + indexName));
    TableDescription table =
        TableSchema.describe(dynamo, definition.tableName())
            .orElseThrow(() -> new TableSchema.MissingTableException(definition.tableName()));
    boolean exists =
        table.hasGlobalSecondaryIndexes()
            && table.globalSecondaryIndexes().stream()
                .anyMatch(i -> i.indexName().equals(indexName));
    if (exists) {
      awaitIndexActive(dynamo, definition.tableName(), indexName);
      return Outcome.ACTIVE;
    }
    if (!mayCreate) {
      throw new MissingIndexException(definition.tableName(), indexName);
    }
    // every key attribute of the table and its indexes: moto replaces the definitions with those
    // given, AWS merges them
    List<AttributeDefinition> attributes = TableSchema.attributeDefinitions(definition);
    try {
      dynamo.updateTable(
          b ->
              b.tableName(definition.tableName())
                  .attributeDefinitions(attributes)
                  .globalSecondaryIndexUpdates(
                      GlobalSecondaryIndexUpdate.builder()
                          .create(
                              CreateGlobalSecondaryIndexAction.builder()
                                  .indexName(indexName)
                                  .keySchema(
                                      TableSchema.keySchema(index.partitionKey(), index.sortKey()))
                                  .projection(
                                      Projection.builder()
                                          .projectionType(
                                              ProjectionType.fromValue(index.projection()))
                                          .build())
                                  .build())
                          .build()));
    } catch (ResourceInUseException | LimitExceededException busy) {
      // another index is being created right now: wait for the table, then look again
      TableSchema.awaitActive(dynamo, definition.tableName());
      return ensure(dynamo, definition, indexName, mayCreate);
    }
    awaitIndexActive(dynamo, definition.tableName(), indexName);
    return Outcome.CREATED;
  }

  /**
   * Waits (an SDK waiter, polling DescribeTable) until the GSI is ACTIVE and no longer backfilling.
   */
  public static void awaitIndexActive(DynamoDbClient dynamo, String tableName, String indexName) {
    Predicate<DescribeTableResponse> active =
        r ->
            r.table().hasGlobalSecondaryIndexes()
                && r.table().globalSecondaryIndexes().stream()
                    .anyMatch(
                        i ->
                            i.indexName().equals(indexName)
                                && i.indexStatus() == IndexStatus.ACTIVE
                                && !Boolean.TRUE.equals(i.backfilling()));
    Waiter<DescribeTableResponse> waiter =
        Waiter.builder(DescribeTableResponse.class)
            .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(active))
            .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(r -> !active.test(r)))
            .overrideConfiguration(
                WaiterOverrideConfiguration.builder()
                    .waitTimeout(INDEX_WAIT)
                    .maxAttempts(Integer.MAX_VALUE)
                    .backoffStrategyV2(
                        BackoffStrategy.exponentialDelay(
                            Duration.ofSeconds(1), Duration.ofSeconds(20)))
                    .build())
            .build();
    waiter.run(() -> dynamo.describeTable(b -> b.tableName(tableName)));
  }

  /**
   * A GSI of the model is missing where the runner may not create it (the CDK app owns the table).
   */
  public static final class MissingIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingIndexException(String table, String index) {
      super("table " + table + " has no index " + index);
    }
  }
}
