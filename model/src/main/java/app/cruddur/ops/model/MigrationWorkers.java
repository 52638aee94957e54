package app.cruddur.ops.model;

import java.time.Duration;

/**
 * Distributed runs of a {@code dynamodb-migration} step: its segments worked by many workers at
 * once ({@code cruddur release --workers N}'s local processes; on AWS, the Lambdas of a Distributed
 * Map, not built yet) that share their checkpoints and their write budget through a control table
 * in DynamoDB and never open PostgreSQL.
 *
 * <p><b>The control table</b> (the runner creates it beside a table it owns) has a string partition
 * key {@value #CONTROL_PK} and sort key {@value #CONTROL_SK}, pay per request, no stream, and
 * expires its bookkeeping through {@value #CONTROL_EXPIRES} (epoch seconds). A run is {@code
 * RUN#<id>}: its header ({@code RUN}: the step, its checksum, the table, the budget and its current
 * rate) and an item per segment ({@code SEG#00042}: position, counts, lease). Its budget's time
 * slots ({@code BUDGET#<id>}) and its read log ({@code READ#<id>}) have partition keys of their
 * own; {@code STEP#<version>} lists a step's runs, newest first.
 */
public final class MigrationWorkers {
  private MigrationWorkers() {}

  /** The control table's partition key (a string). */
  public static final String CONTROL_PK = "pk";

  /** The control table's sort key (a string). */
  public static final String CONTROL_SK = "sk";

  /** The control table's time-to-live attribute (epoch seconds). */
  public static final String CONTROL_EXPIRES = "expires_at";

  /** The control table beside a messages table the runner owns: {@code <table>-control}. */
  public static String controlTableFor(String messagesTable) {
    return messagesTable + "-control";
  }

  /** The stage's control table: {@code cruddur-<stage>-migration-control}. */
  public static String controlTableName(String stage) {
    return DeploymentOutputs.STACK_PREFIX + stage + "-migration-control";
  }

  /**
   * How long a segment's lease lasts unrenewed for a worker on AWS (renewed every third of it): a
   * worker that died is taken over after at most this long.
   */
  public static final Duration LEASE = Duration.ofMinutes(2);

  /** Most workers of one run (a run has at most a thousand segments). */
  public static final int MAX_WORKERS = 1000;
}
