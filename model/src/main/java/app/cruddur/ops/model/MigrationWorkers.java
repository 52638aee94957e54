package app.cruddur.ops.model;

import java.time.Duration;

/**
 * Distributed runs of a {@code dynamodb-migration} step: its segments worked by many workers at
 * once ({@code cruddur release --workers N}'s local processes; on AWS, the worker Lambdas of the
 * release workflow's Distributed Map) that share their checkpoints and their write budget through a
 * control table in DynamoDB and never open PostgreSQL.
 *
 * <p><b>The worker Lambda</b> ({@value #WORKER_HANDLER}, the release vehicle's package outside the
 * VPC) is invoked by a child workflow of the release workflow's Distributed Map (see {@link
 * ReleaseWorkflow#DISTRIBUTE_FIELD}) with {@code {"run": <id>, "step": <version>, "controlTable":
 * <name>, "segments": [3, 17, …], "owner": <the child execution's ARN>, "workers": N,
 * "marginSeconds": 60}}: it works those segments until they are finished or its remaining time is
 * down to the margin, and answers {@value #OUTCOME_FIELD} ({@link Outcome}: {@code more}, {@code
 * done}, {@code failed} with the envelope's {@code error}, or {@code stopped} when a stop was asked
 * for the run), the segments it finished and has left, and the counts of the pages it recorded.
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

  /** The control table beside a messages table: {@code <table>-control} (the CDK app's too). */
  public static String controlTableFor(String messagesTable) {
    return messagesTable + "-control";
  }

  /**
   * How long a segment's lease lasts unrenewed for a worker on AWS (renewed every third of it): a
   * worker that died is taken over after at most this long.
   */
  public static final Duration LEASE = Duration.ofMinutes(2);

  /** The worker Lambda's handler in the vehicle's package. */
  public static final String WORKER_HANDLER =
      "app.cruddur.ops.vehicle.workflow.MigrationWorkerHandler::handleRequest";

  /** The worker function of a stage: {@code cruddur-<stage>-migration-worker}. */
  public static String workerFunctionName(String stage) {
    return DeploymentOutputs.STACK_PREFIX + stage + "-migration-worker";
  }

  /** The worker's environment: the control table's name. */
  public static final String CONTROL_TABLE_ENV = "CRUDDUR_CONTROL_TABLE";

  /** Request field: the run's id. */
  public static final String RUN_FIELD = "run";

  /** Request field: the step's version key ({@code V012}). */
  public static final String STEP_FIELD = "step";

  /** Request field: the control table's name. */
  public static final String CONTROL_TABLE_FIELD = "controlTable";

  /** Request field: the segments this worker works (a Map item's). */
  public static final String SEGMENTS_FIELD = "segments";

  /** Request field: the lease owner (the child execution's ARN: the same for all its slices). */
  public static final String OWNER_FIELD = "owner";

  /** Request field: how many workers share the run's budget. */
  public static final String WORKERS_FIELD = "workers";

  /** Request field: seconds of the function's remaining time the worker leaves unused. */
  public static final String MARGIN_FIELD = "marginSeconds";

  /**
   * Answer field: {@code more}, {@code done}, {@code failed} or {@code stopped} ({@link Outcome}).
   */
  public static final String OUTCOME_FIELD = ReleaseWorkflow.OUTCOME_FIELD;

  /**
   * What one invocation of the worker answers. Not a slice's {@link ReleaseWorkflow.Outcome},
   * though three names are alike: the child's {@code Worked} choice routes these, {@code more}
   * invokes the same child's worker again (a slice's, the next slice), and {@code stopped} is the
   * worker's alone (a stopped slice answers {@code failed} with {@code RELEASE_STOPPED}, which ends
   * the execution; the workflow's {@code Route} would take a slice's {@code stopped} for no
   * outcome).
   */
  public enum Outcome {
    /** Its time ran out with segments left: the child invokes it again. */
    MORE("more"),
    /** Its segments are finished: the child succeeds. */
    DONE("done"),
    /** It failed: the child fails with the answer's error; the next slice redrives its segments. */
    FAILED("failed"),
    /**
     * A stop was asked for the run ({@code release --via --stop}): it ended after the page in hand,
     * every page it read recorded, and the child ends without invoking it again (it succeeds:
     * nothing failed, and the next release resumes the segments left).
     */
    STOPPED("stopped");

    private final String wire;

    Outcome(String wire) {
      this.wire = wire;
    }

    /** As it is written in the answer (Step Functions routes on it; nothing here reads it back). */
    public String wire() {
      return wire;
    }
  }

  /** The margin a worker leaves: a page's writes finished and recorded, and the answer. */
  public static final Duration WORKER_MARGIN = Duration.ofSeconds(60);

  /** The worker function's timeout: Lambda's longest. */
  public static final Duration WORKER_TIMEOUT = Duration.ofMinutes(15);

  /** Most workers of one run (a run has at most a thousand segments). */
  public static final int MAX_WORKERS = 1000;
}
