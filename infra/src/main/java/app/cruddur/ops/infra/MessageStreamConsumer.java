package app.cruddur.ops.infra;

import app.cruddur.ops.model.ItemKeys;
import app.cruddur.ops.model.MessagesTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Pattern E in AWS: the Java Lambda of the functions module, fed by the messages table's stream.
 *
 * <p>The event source mapping only passes inserted message items (pk begins {@code MSG#}), so the
 * group rows the function writes do not invoke it again. A failing batch is bisected and retried
 * from the record the function reports; what still fails goes to an encrypted SQS queue. The role
 * can read the stream, query the group index and put or delete items of the table, and write its
 * own log group: nothing else.
 */
public final class MessageStreamConsumer extends Construct {
  /** The handler in the functions jar. */
  public static final String HANDLER =
      "app.cruddur.ops.functions.MessageStreamHandler::handleRequest";

  /** Environment variable the handler reads the table name from. */
  public static final String TABLE_NAME_ENV = "TABLE_NAME";

  private final Function function;
  private final Queue failureQueue;
  private final LogGroup logGroup;

  /**
   * What the consumer needs.
   *
   * @param table the messages table, with a NEW_IMAGE stream
   * @param functionsJar the shaded jar of the functions module
   * @param settings sizes and retry bounds
   * @param removalPolicy of its log group and queue
   * @param logRetention of its log group
   */
  public record Props(
      ITable table,
      Path functionsJar,
      StageConfig.StreamProcessorSettings settings,
      RemovalPolicy removalPolicy,
      software.amazon.awscdk.services.logs.RetentionDays logRetention) {
    public Props {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(functionsJar, "functionsJar");
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(removalPolicy, "removalPolicy");
      Objects.requireNonNull(logRetention, "logRetention");
    }
  }

  /** Defines the function, its role, log group, failure queue and event source mapping. */
  public MessageStreamConsumer(Construct scope, String id, Props props) {
    super(scope, id);
    StageConfig.StreamProcessorSettings settings = props.settings();

    failureQueue =
        Queue.Builder.create(this, "FailureQueue")
            .encryption(QueueEncryption.SQS_MANAGED)
            .enforceSsl(true)
            .retentionPeriod(Duration.days(14))
            .removalPolicy(props.removalPolicy())
            .build();

    JavaFunction lambda =
        JavaFunction.logsAndRole(
            this,
            "",
            Optional.empty(),
            "Cruddur message stream consumer: stream read, group index query, table put/delete",
            props.logRetention(),
            props.removalPolicy());
    logGroup = lambda.logGroup();
    Role role = lambda.role();

    function =
        lambda
            .function(this, "Function", HANDLER, Code.fromAsset(props.functionsJar().toString()))
            .description(
                "Pattern E: moves each member's message group row to the group's latest message")
            .memorySize(settings.memoryMb())
            .timeout(Duration.seconds(settings.timeout().toSeconds()))
            .environment(JavaFunction.c1Only(Map.of(TABLE_NAME_ENV, props.table().getTableName())))
            .build();

    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("QueryGroupIndex")
            .actions(List.of("dynamodb:Query"))
            .resources(List.of(props.table().getTableArn() + "/index/" + MessagesTable.GROUP_INDEX))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("MoveGroupRows")
            .actions(List.of("dynamodb:PutItem", "dynamodb:DeleteItem"))
            .resources(List.of(props.table().getTableArn()))
            .build());

    function.addEventSource(
        DynamoEventSource.Builder.create(props.table())
            .startingPosition(StartingPosition.TRIM_HORIZON)
            .batchSize(settings.batchSize())
            .maxBatchingWindow(Duration.seconds(settings.batchingWindow().toSeconds()))
            .parallelizationFactor(1)
            .bisectBatchOnError(true)
            .retryAttempts(settings.retryAttempts())
            .maxRecordAge(Duration.seconds(settings.maxRecordAge().toSeconds()))
            .reportBatchItemFailures(true)
            .onFailure(new SqsDlq(failureQueue))
            .filters(
                List.of(
                    FilterCriteria.filter(
                        sorted(
                            Map.of(
                                "eventName", FilterRule.isEqual("INSERT"),
                                "dynamodb",
                                    Map.of(
                                        "Keys",
                                        Map.of(
                                            MessagesTable.PK,
                                            Map.of(
                                                "S",
                                                FilterRule.beginsWith(
                                                    ItemKeys.MESSAGE_PREFIX)))))))))
            .build());
  }

  /**
   * {@code map} in key order: Map.of's order changes from one JVM to the next, the template must
   * not.
   */
  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return new TreeMap<>(map);
  }

  /** The Lambda function. */
  public Function function() {
    return function;
  }

  /** The encrypted on-failure destination of the event source mapping. */
  public Queue failureQueue() {
    return failureQueue;
  }

  /** The function's log group. */
  public LogGroup logGroup() {
    return logGroup;
  }
}
