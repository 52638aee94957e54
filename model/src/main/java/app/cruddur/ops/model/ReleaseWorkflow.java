package app.cruddur.ops.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The release workflow's contract: per stage, a Step Functions Standard state machine that runs a
 * release as time-boxed slices of the release vehicle (see {@link ReleaseVehicle}) until one
 * answers {@code done} or {@code failed}, and hands a step that cannot finish within a slice to a
 * CodeBuild build. The CDK app (infra) builds the state machine from these names; the vehicle
 * answers in these fields; the deploy-time custom resource and {@code cruddur release --via} start
 * and follow it.
 *
 * <p><b>One slice.</b> The workflow invokes the vehicle with {@code {"command": "release", "slice":
 * {"owner": <the execution's ARN>, "marginSeconds": 60}}}: work until the function's remaining time
 * is down to the margin, stop at a boundary (changeset, page, step), and answer. The owner is the
 * lease owner in the ledger: every slice of one execution is the same owner, so a slice that died
 * leaves a lease the next slice of its execution takes over at once.
 *
 * <p><b>The answer</b> is the CLI's JSON envelope ({@code operation, target, result, warnings,
 * error}) with, at its top level, {@value #OUTCOME_FIELD}: {@code more}, {@code done} or {@code
 * failed} (see {@link Outcome}); a failed slice's error is the envelope's {@value #ERROR_FIELD}
 * {@code {code, exitCode, message, hint}}. Optional top-level fields: {@value #ESTIMATE_FIELD} (the
 * seconds the rest of the release is expected to take: the first slice's answer carries it, later
 * ones refresh it) and, with {@code more}, {@value #RUN_LONG_FIELD} {@code {"step": <id>, "event":
 * {…}}}: run that event once in the stage's CodeBuild project, where no slice deadline applies,
 * then go on with the next slice. An answer must fit Step Functions' {@value #MAX_ANSWER_BYTES}
 * bytes: the vehicle keeps it within {@value #ANSWER_BUDGET_BYTES} (see {@link
 * #ANSWER_BUDGET_BYTES}).
 *
 * <p><b>A distributed step.</b> With {@code more}, {@value #DISTRIBUTE_FIELD} {@code {"step":
 * <version>, "run": <id>, "controlTable": <name>, "workers": N, "concurrency": N,
 * "toleratedFailurePercentage": 100, "items": [{"segments": [17, 3, …]}, …]}} runs a step's
 * segments on the worker Lambda (see {@link MigrationWorkers}): the state {@value
 * #DISTRIBUTE_STATE}, a Distributed Map over {@code items} (each a child Standard workflow that
 * invokes the worker until it answers {@code done}, {@code stopped} or {@code failed}), then the
 * next slice, which reads the control table: every segment done, the step is recorded once with the
 * run's totals; else it answers {@value #DISTRIBUTE_FIELD} again with the unfinished segments (a
 * failed child's segments are so redriven) or fails. The items come from the answer, not S3: a run
 * has at most {@value MigrationWorkers#MAX_WORKERS} segments, a few kilobytes of numbers, far
 * inside {@value #MAX_ANSWER_BYTES} bytes. The map's results are discarded (the totals are in the
 * control table).
 *
 * <p><b>A failed execution</b> (a {@code failed} slice, a failed long step, an answer without an
 * outcome) ends in the state {@value #FAILED_STATE}: its error is the error's {@code code} and its
 * cause the error object as JSON, so a follower renders the same {@code error:} line and exit code
 * as a local release.
 */
public final class ReleaseWorkflow {
  private ReleaseWorkflow() {}

  // --- names ---

  /** The alias of the vehicle's published version (SnapStart) that the workflow invokes. */
  public static final String VEHICLE_ALIAS = "live";

  /** The state that invokes one slice. */
  public static final String SLICE_STATE = "Slice";

  /** The state that runs a long step in CodeBuild. */
  public static final String LONG_STEP_STATE = "LongStep";

  /** The Distributed Map that runs a distributed step's segments on the worker Lambda. */
  public static final String DISTRIBUTE_STATE = "Distribute";

  /** A child workflow's state that invokes the worker once. */
  public static final String WORK_STATE = "Work";

  /** The state a failed execution ends in. */
  public static final String FAILED_STATE = "ReleaseFailed";

  /** The state a finished execution ends in. */
  public static final String DONE_STATE = "ReleaseDone";

  /** Where the state machine keeps the last slice's answer in its state data. */
  public static final String ANSWER_PATH = "$.slice.answer";

  /** The stage's state machine: {@code cruddur-<stage>-release}. */
  public static String stateMachineName(String stage) {
    return DeploymentOutputs.stackName(stage, DeploymentOutputs.RELEASE_STACK);
  }

  /** The stage's CodeBuild project for long steps: {@code cruddur-<stage>-release-long-steps}. */
  public static String longStepProjectName(String stage) {
    return stateMachineName(stage) + "-long-steps";
  }

  // --- the request of one slice ---

  /** Request field: the slice's parameters (its presence makes the invocation a slice). */
  public static final String SLICE_FIELD = "slice";

  /** Slice field: the lease owner, the execution's ARN. */
  public static final String SLICE_OWNER_FIELD = "owner";

  /** Slice field: seconds of the function's remaining time the slice leaves unused. */
  public static final String SLICE_MARGIN_FIELD = "marginSeconds";

  /** The margin the workflow asks for: time to record where the slice stopped and answer. */
  public static final Duration SLICE_MARGIN = Duration.ofSeconds(60);

  /**
   * Slice field of a long step's event ({@value #RUN_LONG_FIELD}): the step to run with no slice
   * deadline but the build's; the release stops after it.
   */
  public static final String SLICE_LONG_STEP_FIELD = "longStep";

  /**
   * How long the lease of an execution outlives the deadline of its last slice: time for the
   * workflow to invoke the next one (retries of a slice that died included) or to start a long
   * step's build. Until then no other release may apply; after it, any may take the lease over (the
   * slice died and its workflow is gone).
   */
  public static final Duration LEASE_TTL = Duration.ofMinutes(20);

  // --- the answer ---

  /** Answer field: {@code more}, {@code done} or {@code failed}. */
  public static final String OUTCOME_FIELD = "outcome";

  /** Answer field of a failed slice: {@code {code, exitCode, message, hint}} (the envelope's). */
  public static final String ERROR_FIELD = "error";

  /** Error field: the fine-grained error code (e.g. {@code LOCK_HELD}). */
  public static final String ERROR_CODE_FIELD = "code";

  /** Error field: the exit code (0–5, as {@code cruddur}'s). */
  public static final String ERROR_EXIT_CODE_FIELD = "exitCode";

  /** Error field: what is wrong. */
  public static final String ERROR_MESSAGE_FIELD = "message";

  /** Error field: what to do. */
  public static final String ERROR_HINT_FIELD = "hint";

  /** Answer field: the seconds the rest of the release is expected to take. */
  public static final String ESTIMATE_FIELD = "estimateSeconds";

  /** Answer field with {@code more}: a step to run in CodeBuild, {@code {step, event}}. */
  public static final String RUN_LONG_FIELD = "runLong";

  /** Run-long field: the step's id, for messages and the build's log. */
  public static final String RUN_LONG_STEP_FIELD = "step";

  /** Run-long field: the vehicle event the build runs once (a JSON object). */
  public static final String RUN_LONG_EVENT_FIELD = "event";

  /** Answer field with {@code more}: run a step's segments on the worker Lambda (see above). */
  public static final String DISTRIBUTE_FIELD = "distribute";

  /** Distribute field: the Map's items, {@code [{"segments": [...]}, ...]}, shuffled. */
  public static final String DISTRIBUTE_ITEMS_FIELD = "items";

  /** Distribute field: children at once (the Map's MaxConcurrency). */
  public static final String DISTRIBUTE_CONCURRENCY_FIELD = "concurrency";

  /** Distribute field: the share of children that may fail before the Map stops the rest. */
  public static final String DISTRIBUTE_TOLERATED_FIELD = "toleratedFailurePercentage";

  /**
   * Step Functions' limit on a state's input and output, hence on an answer: a task whose result is
   * larger fails the execution with {@code States.DataLimitExceeded}, which no {@code Catch}
   * catches, before a {@code ResultSelector} could trim it.
   */
  public static final int MAX_ANSWER_BYTES = 256 * 1024;

  /**
   * The most a slice's answer may be, in bytes of its JSON (UTF-8): well under {@link
   * #MAX_ANSWER_BYTES}, because the state that keeps it ({@value #ANSWER_PATH}) also holds the
   * execution's input and what a caught long step or Distributed Map left beside it, and the
   * follower reads every slice's answer back from the execution's history, page by page. An answer
   * that would be larger is made to fit: first its events' step results lose their details (the
   * answer's result has them), then its oldest events make way for one notice counting them, then
   * the result's oldest steps lose their details, then the result and warnings go (the notice says
   * so; the ledger and the vehicle's log keep everything). What the workflow routes on (outcome,
   * error, estimate, runLong, distribute) is never cut.
   */
  public static final int ANSWER_BUDGET_BYTES = 200 * 1024;

  /**
   * The share of {@link #ANSWER_BUDGET_BYTES} the steps a slice runs may take: once they take this
   * much, the slice stops before its next step and answers {@link Outcome#MORE}, so that its answer
   * needs no cut and the follower's report has every step's line. A step is in the answer three
   * times, counted as it runs: its start (its status, about 300 bytes of JSON) and its result twice
   * (its end, and the result's steps applied). Measured on the local engines, a result is 240 bytes
   * (a dynamodb-table step), 750 (a migration that changed nothing), 1.6 KiB (a liquibase step of
   * nine changesets), 2.4 KiB (a migration with its three samples); a real slice's answer of 36
   * migration steps was 65,181 bytes (1,810 a step, as counted). So a slice runs about 30 to 200
   * steps. The other quarter is for the rest: the release's start, where it stopped and the steps
   * left (twice: the result and its error line), warnings, notices, and the last step's part beyond
   * this line. {@code VehicleAnswer}'s cut stays the safety net for a step larger still.
   */
  public static final int SLICE_STEPS_BYTES = ANSWER_BUDGET_BYTES * 3 / 4;

  /** What a slice answers. */
  public enum Outcome {
    /** Stopped at a boundary with work left: the workflow invokes the next slice. */
    MORE("more"),
    /** The release is done: the workflow succeeds. */
    DONE("done"),
    /** The release failed: the workflow fails with the answer's error. */
    FAILED("failed");

    private final String wire;

    Outcome(String wire) {
      this.wire = wire;
    }

    /** As it is written in the answer. */
    public String wire() {
      return wire;
    }

    /** The outcome written {@code wire}, if it is one. */
    public static Optional<Outcome> of(String wire) {
      return Arrays.stream(values()).filter(o -> o.wire.equals(wire)).findFirst();
    }
  }

  // --- errors the workflow itself raises (the error object's code; exit code 1, failed) ---

  /** A long step's build failed, timed out or was stopped. */
  public static final String LONG_STEP_FAILED = "LONG_STEP_FAILED";

  /** The vehicle answered without an outcome (an older vehicle, or not a slice's answer). */
  public static final String NO_OUTCOME = "NO_OUTCOME";

  // --- the long-step build ---

  /** The build's environment variable holding the event to run (JSON). */
  public static final String LONG_STEP_EVENT_ENV = "CRUDDUR_LONG_STEP_EVENT";

  /** The build's environment variable naming the step (for its log). */
  public static final String LONG_STEP_ENV = "CRUDDUR_LONG_STEP";

  /** The build's main class in the vehicle's package. */
  public static final String LONG_STEP_MAIN = "app.cruddur.ops.vehicle.workflow.LongStepBuild";

  // --- timeouts ---

  /** How long the workflow waits for one slice's invocation (the function's limit and a minute). */
  public static final Duration SLICE_TIMEOUT = ReleaseVehicle.MAX_TIMEOUT.plusMinutes(2);

  /** How long a long step's build may run (CodeBuild allows 36 hours). */
  public static final Duration LONG_STEP_TIMEOUT = Duration.ofHours(8);

  /** How long a whole execution may run before Step Functions stops it. */
  public static final Duration WORKFLOW_TIMEOUT = Duration.ofDays(7);

  // --- the deploy-time custom resource ---

  /**
   * How long {@code cdk deploy} waits for the release (the Provider framework's total timeout):
   * within CloudFormation's one hour for a custom resource, with room for the framework's own
   * calls.
   */
  public static final Duration DEPLOY_WAIT = Duration.ofMinutes(55);

  /** How often the custom resource asks whether the release is done. */
  public static final Duration DEPLOY_POLL = Duration.ofSeconds(30);

  /** The prefix of the executions a deployment starts (others: a pipeline's {@code --via}). */
  public static final String DEPLOY_EXECUTION_PREFIX = "deploy-";

  /** Custom-resource attribute: the execution the deployment started. */
  public static final String EXECUTION_ARN_ATTRIBUTE = "ExecutionArn";

  /** Environment of the custom resource's handlers: the state machine's ARN. */
  public static final String WORKFLOW_ARN_ENV = "CRUDDUR_WORKFLOW_ARN";

  /** Environment of the custom resource's handlers: {@link #DEPLOY_WAIT} in seconds. */
  public static final String DEPLOY_WAIT_ENV = "CRUDDUR_DEPLOY_WAIT_SECONDS";

  /** The custom resource's start handler in the vehicle's package. */
  public static final String DEPLOY_START_HANDLER =
      "app.cruddur.ops.vehicle.workflow.DeployTimeStart::handleRequest";

  /** The custom resource's completion handler in the vehicle's package. */
  public static final String DEPLOY_CHECK_HANDLER =
      "app.cruddur.ops.vehicle.workflow.DeployTimeCheck::handleRequest";

  /**
   * The name of the execution a deployment's request starts: the same request (a retried {@code
   * onEvent}) names the same execution, which Step Functions starts once.
   */
  public static String deployExecutionName(String requestId) {
    String safe = requestId.replaceAll("[^A-Za-z0-9_-]", "-");
    String name = DEPLOY_EXECUTION_PREFIX + safe;
    return name.length() <= 80 ? name : name.substring(0, 80);
  }
}
