package app.cruddur.ops.infra;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.IndexDefinition;
import app.cruddur.ops.model.TableDefinition;
import java.nio.file.Path;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/**
 * The messages table, exactly as the model defines it, and its stream consumer (pattern E).
 *
 * <p>The table is an {@code AWS::DynamoDB::Table} ({@link Table}), not {@code TableV2}'s {@code
 * AWS::DynamoDB::GlobalTable}: one region is all Cruddur needs, the runner compares the deployed
 * table with the model through DescribeTable, and cdk-nag's DynamoDB rules check this resource
 * type. Moving to a global table later is a migration, not an edit.
 */
public final class DataStack extends Stack {
  private final Table table;
  private final MessageStreamConsumer streamConsumer;

  /** The data stack of {@code config}, deploying {@code functionsJar} as the consumer's code. */
  public DataStack(
      Construct scope,
      String id,
      StackProps props,
      StageConfig config,
      TableDefinition definition,
      Path functionsJar) {
    this(scope, id, props, config, definition, functionsJar, IndexChangeGuard.Baseline.committed());
  }

  /**
   * The data stack, its indexes checked against {@code deployedIndexes}: more than one GSI created
   * or deleted in one deployment is refused here, at synth, rather than by CloudFormation half-way.
   */
  public DataStack(
      Construct scope,
      String id,
      StackProps props,
      StageConfig config,
      TableDefinition definition,
      Path functionsJar,
      IndexChangeGuard.Baseline deployedIndexes) {
    super(scope, id, props);
    java.util.Optional<String> indexChange =
        IndexChangeGuard.check(definition.withTableName(config.tableName()), deployedIndexes);

    table =
        Table.Builder.create(this, "MessagesTable")
            .tableName(config.tableName())
            .partitionKey(attribute(definition.partitionKey().name()))
            .sortKey(attribute(definition.sortKey().name()))
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .stream(StreamViewType.valueOf(definition.streamView()))
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .deletionProtection(config.production())
            .removalPolicy(config.dataRemovalPolicy())
            .build();
    for (IndexDefinition index : definition.globalIndexes()) {
      table.addGlobalSecondaryIndex(
          GlobalSecondaryIndexProps.builder()
              .indexName(index.indexName())
              .partitionKey(attribute(index.partitionKey().name()))
              .sortKey(attribute(index.sortKey().name()))
              .projectionType(ProjectionType.valueOf(index.projection()))
              .build());
    }

    indexChange.ifPresent(
        note ->
            software.amazon.awscdk.Annotations.of(table).addWarningV2("cruddur:IndexChange", note));

    streamConsumer =
        new MessageStreamConsumer(
            this,
            "MessageStreamConsumer",
            new MessageStreamConsumer.Props(
                table,
                functionsJar,
                config.streamProcessor(),
                config.dataRemovalPolicy(),
                config.logRetention()));

    CfnOutput.Builder.create(this, DeploymentOutputs.TABLE_NAME)
        .description("The messages table (cruddur-messaging.md)")
        .value(table.getTableName())
        .build();
    CfnOutput.Builder.create(this, DeploymentOutputs.TABLE_STREAM_ARN)
        .description("The messages table's stream (NEW_IMAGE)")
        .value(table.getTableStreamArn())
        .build();
  }

  /** The messages table. */
  public Table table() {
    return table;
  }

  /** The stream consumer. */
  public MessageStreamConsumer streamConsumer() {
    return streamConsumer;
  }

  private static Attribute attribute(String name) {
    // every key of the model is a string
    return Attribute.builder().name(name).type(AttributeType.STRING).build();
  }
}
