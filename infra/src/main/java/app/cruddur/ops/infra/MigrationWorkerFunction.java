package app.cruddur.ops.infra;

import app.cruddur.ops.model.MigrationWorkers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * A distributed migration's AWS side (see {@link MigrationWorkers}): the control table beside the
 * messages table ({@code <table>-control}: a run's checkpoints, segment leases, read log and budget
 * slots; pay per request, no stream, bookkeeping expired by TTL) and the worker Lambda that the
 * release workflow's Distributed Map invokes for each child's segments.
 *
 * <p>The worker is the release vehicle's package (the same {@code seeders/} — a run is of one
 * checksum — and Java migrations as the slice that starts the run) under a handler of its own, as a
 * function of its own: <b>outside the VPC</b> (DynamoDB only; no ENI to start for hundreds of
 * workers, no NAT needed: Lambda's own network reaches DynamoDB's public endpoint), and its role
 * may use the messages table (and its indexes) and the control table, and write its own logs: no
 * database secret, no user pool, no network interfaces.
 */
public final class MigrationWorkerFunction extends Construct {
  /** Memory of a worker: CPU for the reader and writer threads of one engine. */
  static final int MEMORY_MB = 2048;

  private final Table controlTable;
  private final Function function;

  /**
   * What the worker needs.
   *
   * @param stage the stage (in the function's name)
   * @param vehicleJar the vehicle module's package
   * @param table the messages table
   * @param logRetention of the worker's log group
   * @param removalPolicy of the log group and the control table
   */
  public record Props(
      String stage,
      Path vehicleJar,
      ITable table,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy) {
    public Props {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(vehicleJar, "vehicleJar");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(logRetention, "logRetention");
      Objects.requireNonNull(removalPolicy, "removalPolicy");
    }
  }

  /** Defines the control table, the worker function, its role and log group. */
  public MigrationWorkerFunction(Construct scope, String id, Props props) {
    super(scope, id);
    controlTable =
        Table.Builder.create(this, "ControlTable")
            .tableName(MigrationWorkers.controlTableFor(props.table().getTableName()))
            .partitionKey(
                Attribute.builder()
                    .name(MigrationWorkers.CONTROL_PK)
                    .type(AttributeType.STRING)
                    .build())
            .sortKey(
                Attribute.builder()
                    .name(MigrationWorkers.CONTROL_SK)
                    .type(AttributeType.STRING)
                    .build())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .timeToLiveAttribute(MigrationWorkers.CONTROL_EXPIRES)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .removalPolicy(props.removalPolicy())
            .build();

    String functionName = MigrationWorkers.workerFunctionName(props.stage());
    JavaFunction lambda =
        JavaFunction.logsAndRole(
            this,
            "",
            Optional.of("/aws/lambda/" + functionName),
            "Cruddur migration worker: the stage's messages table and its control table; its logs",
            props.logRetention(),
            props.removalPolicy());
    lambda.role().addToPolicy(ReleaseVehicleFunction.useTheTable(props.table().getTableArn()));
    lambda.role().addToPolicy(useTheControlTable());

    function =
        lambda
            .function(
                this,
                "Function",
                MigrationWorkers.WORKER_HANDLER,
                Code.fromAsset(props.vehicleJar().toString()))
            .functionName(functionName)
            .description(
                "Cruddur migration worker: a distributed dynamodb-migration's segments ("
                    + props.stage()
                    + ")")
            .memorySize(MEMORY_MB)
            .timeout(Duration.seconds(MigrationWorkers.WORKER_TIMEOUT.toSeconds()))
            .environment(
                JavaFunction.c1Only(
                    Map.of(MigrationWorkers.CONTROL_TABLE_ENV, controlTable.getTableName())))
            .build();
  }

  /** What a worker and a release do with the control table: its items, no scan, no schema. */
  PolicyStatement useTheControlTable() {
    return PolicyStatement.Builder.create()
        .sid("UseTheControlTable")
        .actions(
            List.of(
                "dynamodb:DescribeTable",
                "dynamodb:GetItem",
                "dynamodb:Query",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:BatchWriteItem"))
        .resources(List.of(controlTable.getTableArn()))
        .build();
  }

  /** Lets {@code release} (the vehicle that starts and finishes runs) use the control table. */
  public void grantRelease(IGrantable release) {
    release.getGrantPrincipal().addToPrincipalPolicy(useTheControlTable());
  }

  /** The control table. */
  public Table controlTable() {
    return controlTable;
  }

  /** The worker function. */
  public Function function() {
    return function;
  }
}
