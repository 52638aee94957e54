package app.cruddur.ops.infra;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.IndexDefinition;
import app.cruddur.ops.model.TableDefinition;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
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
 * table with the model through DescribeTable, cdk-nag's DynamoDB rules check this resource type,
 * and a table made outside CloudFormation (the course's {@code bin/ddb/schema-load}) is imported
 * into it as the single-region table it is. Moving to a global table later is a migration, not an
 * edit (CloudFormation may delete a table whose resource type is changed in place).
 *
 * <p>An adopted table ({@link ExistingResources.AdoptedTable}) keeps its name and is retained
 * whatever the stage: its data is older than the stack. For {@code cdk import} the stack holds the
 * table alone, defined as it exists (see {@link #importable}); the deploy after the import changes
 * what differs from the model (billing, stream, recovery, deletion protection, tags) in place.
 */
public final class DataStack extends Stack {
  /** The table's construct id: the same whether created, imported or adopted. */
  public static final String TABLE_ID = "MessagesTable";

  /** What {@code bin/ddb/schema-load} provisions, on the table and on its index. */
  public static final int SCHEMA_LOAD_CAPACITY = 5;

  private final Table table;
  private final boolean importing;
  private final Optional<MessageStreamConsumer> streamConsumer;

  /** The data stack of {@code config}, deploying {@code functionsJar} as the consumer's code. */
  public DataStack(
      Construct scope,
      String id,
      StackProps props,
      StageConfig config,
      TableDefinition definition,
      Path functionsJar) {
    this(
        scope,
        id,
        props,
        config,
        definition,
        functionsJar,
        IndexChangeGuard.Baseline.committed(),
        Optional.empty());
  }

  /**
   * The data stack, its indexes checked against {@code deployedIndexes}: more than one GSI created
   * or deleted in one deployment is refused here, at synth, rather than by CloudFormation half-way.
   * With {@code adopted}, the table is that existing one.
   */
  public DataStack(
      Construct scope,
      String id,
      StackProps props,
      StageConfig config,
      TableDefinition definition,
      Path functionsJar,
      IndexChangeGuard.Baseline deployedIndexes,
      Optional<ExistingResources.AdoptedTable> adopted) {
    super(scope, id, props);
    String tableName = adopted.map(ExistingResources.AdoptedTable::name).orElse(config.tableName());
    Optional<String> indexChange =
        IndexChangeGuard.check(definition.withTableName(tableName), deployedIndexes);

    importing = adopted.map(ExistingResources.AdoptedTable::importing).orElse(false);
    table = importing ? importable(tableName, definition) : modelled(tableName, definition, config);
    // an adopted table's data is older than the stack: no stage deletes it with the stack
    table.applyRemovalPolicy(
        adopted.isPresent() ? RemovalPolicy.RETAIN : config.dataRemovalPolicy());

    indexChange.ifPresent(note -> Annotations.of(table).addWarningV2("cruddur:IndexChange", note));

    streamConsumer =
        importing
            ? Optional.empty()
            : Optional.of(
                new MessageStreamConsumer(
                    this,
                    "MessageStreamConsumer",
                    new MessageStreamConsumer.Props(
                        table,
                        functionsJar,
                        config.streamProcessor(),
                        config.dataRemovalPolicy(),
                        config.logRetention())));

    CfnOutput.Builder.create(this, DeploymentOutputs.TABLE_NAME)
        .description("The messages table (cruddur-messaging.md)")
        .value(table.getTableName())
        .build();
    if (!importing) {
      CfnOutput.Builder.create(this, DeploymentOutputs.TABLE_STREAM_ARN)
          .description("The messages table's stream (NEW_IMAGE)")
          .value(table.getTableStreamArn())
          .build();
    }
  }

  /** The messages table. */
  public Table table() {
    return table;
  }

  /** Whether this is the stack {@code cdk import} imports the existing table with. */
  public boolean importing() {
    return importing;
  }

  /** The stream consumer (none while the table is being imported: it has no stream yet). */
  public Optional<MessageStreamConsumer> streamConsumer() {
    return streamConsumer;
  }

  /** The model's table: on demand, its stream, point-in-time recovery. */
  private Table modelled(String tableName, TableDefinition definition, StageConfig config) {
    Table modelled =
        Table.Builder.create(this, TABLE_ID)
            .tableName(tableName)
            .partitionKey(attribute(definition.partitionKey().name()))
            .sortKey(attribute(definition.sortKey().name()))
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .stream(StreamViewType.valueOf(definition.streamView()))
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .deletionProtection(config.production())
            .build();
    addIndexes(modelled, definition, null);
    return modelled;
  }

  /**
   * The table as {@code bin/ddb/schema-load} made it, for {@code cdk import}: the model's keys and
   * index, PROVISIONED 5/5 on both, no stream, no point-in-time recovery, no deletion protection,
   * no tags. CloudFormation imports a resource without changing it and accepts a template that
   * differs from it (drift); a deploy then changes only what differs from the previous template. So
   * the import states what exists, and the next deploy's template (the model's) is the change.
   */
  private Table importable(String tableName, TableDefinition definition) {
    Table existing =
        Table.Builder.create(this, TABLE_ID)
            .tableName(tableName)
            .partitionKey(attribute(definition.partitionKey().name()))
            .sortKey(attribute(definition.sortKey().name()))
            .billingMode(BillingMode.PROVISIONED)
            .readCapacity(SCHEMA_LOAD_CAPACITY)
            .writeCapacity(SCHEMA_LOAD_CAPACITY)
            .build();
    addIndexes(existing, definition, SCHEMA_LOAD_CAPACITY);
    // the app's tags are added by the deploy after the import, as a change
    Tags.of(existing).remove("app");
    Tags.of(existing).remove("stage");
    return existing;
  }

  private static void addIndexes(Table table, TableDefinition definition, Integer capacity) {
    for (IndexDefinition index : definition.globalIndexes()) {
      GlobalSecondaryIndexProps.Builder props =
          GlobalSecondaryIndexProps.builder()
              .indexName(index.indexName())
              .partitionKey(attribute(index.partitionKey().name()))
              .sortKey(attribute(index.sortKey().name()))
              .projectionType(ProjectionType.valueOf(index.projection()));
      if (capacity != null) {
        props.readCapacity(capacity).writeCapacity(capacity);
      }
      table.addGlobalSecondaryIndex(props.build());
    }
  }

  private static Attribute attribute(String name) {
    // every key of the model is a string
    return Attribute.builder().name(name).type(AttributeType.STRING).build();
  }
}
