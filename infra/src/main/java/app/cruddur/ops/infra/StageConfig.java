package app.cruddur.ops.infra;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MessagesTable;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Everything that differs between stages, as data. {@code cdk synth -c stage=dev|prod} picks one;
 * dev is the default.
 *
 * @param stage the stage name, part of every stack name
 * @param production whether this stage holds data that must survive (retain, deletion protection)
 * @param tableName the messages table's name
 * @param userPoolName the Cognito user pool's name
 * @param streamProcessor the stream Lambda and its event source mapping
 * @param database the PostgreSQL instance
 * @param release the release vehicle and the endpoints it reaches AWS through
 * @param logRetention how long logs (Lambda, VPC flow log) are kept
 */
public record StageConfig(
    String stage,
    boolean production,
    String tableName,
    String userPoolName,
    StreamProcessorSettings streamProcessor,
    DatabaseSettings database,
    ReleaseSettings release,
    RetentionDays logRetention) {

  /** The stage used when none is given. */
  public static final String DEFAULT_STAGE = "dev";

  public StageConfig {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(userPoolName, "userPoolName");
    Objects.requireNonNull(streamProcessor, "streamProcessor");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(release, "release");
    Objects.requireNonNull(logRetention, "logRetention");
  }

  /**
   * The configuration of {@code stage} ({@code dev} or {@code prod}; null means dev).
   *
   * @throws IllegalArgumentException naming the stages there are
   */
  public static StageConfig forStage(String stage) {
    String name = stage == null || stage.isBlank() ? DEFAULT_STAGE : stage;
    return switch (name) {
      case "dev" -> dev();
      case "prod" -> prod();
      default ->
          throw new IllegalArgumentException(
              "unknown stage '" + stage + "'. Use -c stage=dev or -c stage=prod");
    };
  }

  /** Development: small, cheap, and deleted with its stacks. */
  public static StageConfig dev() {
    return new StageConfig(
        "dev",
        false,
        MessagesTable.NAME + "-dev",
        CognitoPool.POOL_NAME + "-dev",
        new StreamProcessorSettings(
            512, Duration.ofSeconds(30), 100, Duration.ofSeconds(1), 3, Duration.ofHours(1)),
        new DatabaseSettings("t4g.micro", 20, 50, 1, false),
        // a deployed dev stage is shared: the test context (the dev seed is for the local
        // environment)
        new ReleaseSettings("test", 1024, Duration.ofMinutes(14), "2m", false),
        RetentionDays.TWO_WEEKS);
  }

  /** Production: retained data, deletion protection, multi-AZ database, longer retries and logs. */
  public static StageConfig prod() {
    return new StageConfig(
        "prod",
        true,
        MessagesTable.NAME,
        CognitoPool.POOL_NAME,
        new StreamProcessorSettings(
            1024, Duration.ofSeconds(30), 100, Duration.ofSeconds(1), 5, Duration.ofHours(24)),
        new DatabaseSettings("t4g.small", 20, 100, 7, true),
        new ReleaseSettings("prod", 1024, Duration.ofMinutes(14), "5m", true),
        RetentionDays.THREE_MONTHS);
  }

  /** The name of this stage's stack of {@code part} (see {@link DeploymentOutputs}). */
  public String stackName(String part) {
    return DeploymentOutputs.stackName(stage, part);
  }

  /** RETAIN for the data of a production stage, DESTROY otherwise. */
  public RemovalPolicy dataRemovalPolicy() {
    return production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  }

  /**
   * The stream Lambda and its event source mapping.
   *
   * @param memoryMb function memory
   * @param timeout function timeout
   * @param batchSize records per invocation at most
   * @param batchingWindow how long records are gathered before an invocation at most
   * @param retryAttempts retries of a failing batch (bisected) before its records go to the
   *     on-failure queue
   * @param maxRecordAge records older than this go to the on-failure queue unprocessed
   */
  public record StreamProcessorSettings(
      int memoryMb,
      Duration timeout,
      int batchSize,
      Duration batchingWindow,
      int retryAttempts,
      Duration maxRecordAge) {}

  /**
   * The release vehicle (the runner as a Lambda function in the VPC) and its VPC endpoints.
   *
   * @param context the release context ({@code --context}) of the stage
   * @param memoryMb function memory (CPU grows with it: most of a release is JVM start and
   *     Liquibase)
   * @param timeout function timeout, one slice's at most: under Lambda's 15 minutes (a release
   *     longer than a slice continues in the next one, see the release workflow)
   * @param lockWait how long a release queues behind another one holding the lock ({@code --wait})
   * @param endpointsInEveryAz interface endpoints in every AZ (prod) or in one (dev: half the cost;
   *     reachable from the other AZ too)
   */
  public record ReleaseSettings(
      String context, int memoryMb, Duration timeout, String lockWait, boolean endpointsInEveryAz) {
    public ReleaseSettings {
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(lockWait, "lockWait");
      if (timeout.compareTo(app.cruddur.ops.model.ReleaseVehicle.MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "the release timeout must stay under Lambda's 15 minutes (a longer release runs as"
                + " slices of the release workflow): "
                + timeout);
      }
    }
  }

  /**
   * The PostgreSQL instance.
   *
   * @param instanceType e.g. {@code t4g.micro} (Graviton)
   * @param allocatedStorageGiB initial storage
   * @param maxAllocatedStorageGiB storage autoscaling limit
   * @param backupRetentionDays automated backups kept (at least 1)
   * @param multiAz a standby in a second availability zone
   */
  public record DatabaseSettings(
      String instanceType,
      int allocatedStorageGiB,
      int maxAllocatedStorageGiB,
      int backupRetentionDays,
      boolean multiAz) {
    /** The database the app uses. */
    public static final String DATABASE_NAME = "cruddur";

    /** The master user, whose generated password lives in Secrets Manager. */
    public static final String MASTER_USERNAME = "cruddurroot";

    /** PostgreSQL's port. */
    public static final int PORT = 5432;
  }
}
