package app.cruddur.ops.runner.internal.dynamo.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** A capacity share read from DescribeTable, and what a write costs against it. */
class BudgetsTest {
  static final MigrationSpec.Budget HALF = new MigrationSpec.CapacityShare(0.5);

  @Test
  void aProvisionedTableGivesTheSmallestWcuOfItAndItsIndexes() {
    TableDescription table =
        TableDescription.builder()
            .billingModeSummary(b -> b.billingMode(BillingMode.PROVISIONED))
            .provisionedThroughput(p -> p.writeCapacityUnits(1000L).readCapacityUnits(10L))
            .globalSecondaryIndexes(
                i ->
                    i.indexName("message-group-sk-index")
                        .provisionedThroughput(p -> p.writeCapacityUnits(200L)))
            .build();
    WriteBudget budget = Budgets.of(HALF, table);
    assertThat(budget.ceiling()).isEqualTo(100);
    assertThat(budget.basis())
        .isEqualTo("50% of provisioned: index message-group-sk-index's 200 WCU");
  }

  @Test
  void anOnDemandTableGivesItsMaximumOrANewTablesFourThousand() {
    TableDescription onDemand =
        TableDescription.builder()
            .billingModeSummary(b -> b.billingMode(BillingMode.PAY_PER_REQUEST))
            .build();
    assertThat(Budgets.of(HALF, onDemand).ceiling()).isEqualTo(2000);
    TableDescription capped =
        onDemand.toBuilder().onDemandThroughput(o -> o.maxWriteRequestUnits(600L)).build();
    assertThat(Budgets.of(HALF, capped).ceiling()).isEqualTo(300);
    assertThat(Budgets.of(new MigrationSpec.ItemsPerSecond(25), onDemand).ceiling()).isEqualTo(25);
    assertThat(Budgets.of(new MigrationSpec.Unlimited(), onDemand).unlimitedBudget()).isTrue();
  }

  @Test
  void aWriteCostsAUnitPerKilobyteAndAMoveFourTimesThat() {
    TableDescription table =
        TableDescription.builder().itemCount(1000L).tableSizeBytes(1500L * 1000).build();
    Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("x"));
    var cost = Budgets.cost(HALF, table);
    assertThat(
            cost.applyAsDouble(
                new ItemPlan.Update(item, item, Map.of(), java.util.Set.of(), java.util.Set.of())))
        .isEqualTo(2);
    assertThat(cost.applyAsDouble(new ItemPlan.Move(item, item))).isEqualTo(8);
    assertThat(
            Budgets.cost(new MigrationSpec.ItemsPerSecond(5), table)
                .applyAsDouble(new ItemPlan.Move(item, item)))
        .isEqualTo(1);
  }

  @Test
  void segmentsFollowTheTablesSizeWithFourAtLeast() {
    assertThat(Budgets.segments(TableDescription.builder().tableSizeBytes(10_000L).build()))
        .isEqualTo(4);
    assertThat(Budgets.segments(TableDescription.builder().tableSizeBytes(10L << 30).build()))
        .isEqualTo(20);
  }

  @Test
  void aCheckpointPositionSurvivesItsJson() {
    Map<String, AttributeValue> key =
        Map.of(
            "pk",
            AttributeValue.fromS("MSG#a \"quoted\""),
            "sk",
            AttributeValue.fromS("2026"),
            "n",
            AttributeValue.fromN("12.5"));
    assertThat(Checkpoints.fromJson(Checkpoints.toJson(key))).isEqualTo(key);
  }
}
