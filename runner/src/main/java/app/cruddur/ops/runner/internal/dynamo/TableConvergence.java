package app.cruddur.ops.runner.internal.dynamo;

import app.cruddur.ops.model.TableDefinition;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * An existing table brought to the model in place, where the runner owns it: a table made by the
 * course's {@code schema-load} is PROVISIONED 5/5 without a stream; it is switched to on demand and
 * its stream turned on, each change waited for until ACTIVE. Never recreated: its items stay.
 */
final class TableConvergence {
  private TableConvergence() {}

  /** True when the table is provisioned or has no stream. */
  static boolean needed(TableDescription table) {
    return provisioned(table) || streamOff(table);
  }

  /** Converges the table of {@code definition}; returns its description once ACTIVE. */
  static TableDescription converge(DynamoDbClient dynamo, TableDefinition definition) {
    TableDescription table = TableSchema.awaitActive(dynamo, definition.tableName());
    if (provisioned(table)) {
      // one change per UpdateTable, as DynamoDB allows
      dynamo.updateTable(
          b -> b.tableName(definition.tableName()).billingMode(BillingMode.PAY_PER_REQUEST));
      table = TableSchema.awaitActive(dynamo, definition.tableName());
    }
    if (streamOff(table)) {
      dynamo.updateTable(
          b ->
              b.tableName(definition.tableName())
                  .streamSpecification(
                      StreamSpecification.builder()
                          .streamEnabled(true)
                          .streamViewType(StreamViewType.fromValue(definition.streamView()))
                          .build()));
      table = TableSchema.awaitActive(dynamo, definition.tableName());
    }
    return table;
  }

  static boolean provisioned(TableDescription table) {
    return table.billingModeSummary() == null
        ? table.provisionedThroughput() != null
            && table.provisionedThroughput().readCapacityUnits() != null
            && table.provisionedThroughput().readCapacityUnits() > 0
        : table.billingModeSummary().billingMode() == BillingMode.PROVISIONED;
  }

  static boolean streamOff(TableDescription table) {
    return table.streamSpecification() == null
        || !Boolean.TRUE.equals(table.streamSpecification().streamEnabled());
  }
}
