package app.cruddur.ops.runner.api;

/**
 * What went wrong, fine-grained: the {@code error.code} of the JSON envelope, each mapped to one of
 * the eight {@link ExitCode}s (Flyway's {@code CoreErrorCode}, for three stores). Pipelines that
 * need more than the exit code branch on these; README's table is generated from this enum.
 */
public enum ErrorCode {
  // exit 1: failed
  /** A command failed in a way no finer code names. */
  FAILED(ExitCode.FAILED, "a command failed"),
  /** A step failed; the release recorded it and stops (the next release retries it). */
  STEP_FAILED(ExitCode.FAILED, "a step failed; rerunning the release retries it"),
  /** A failure nobody anticipated (rerun with --debug for the stack trace). */
  UNEXPECTED(ExitCode.FAILED, "an unexpected failure: rerun with --debug and report it"),
  /** An AWS service answered with an error. */
  SERVICE_ERROR(ExitCode.FAILED, "an AWS service (or its emulator) answered with an error"),
  /** PostgreSQL answered with an error. */
  DATABASE_ERROR(ExitCode.FAILED, "PostgreSQL answered with an error"),
  /** Liquibase failed to apply or roll back a changeset. */
  LIQUIBASE_FAILED(ExitCode.FAILED, "Liquibase failed on a changeset"),
  /** A Cognito sync found conflicting subs: nothing was written. */
  SYNC_CONFLICT(ExitCode.FAILED, "the Cognito sync found conflicts, so it wrote nothing"),
  /** The data changed under a write that was then abandoned whole. */
  CONCURRENT_CHANGE(
      ExitCode.FAILED, "the data changed while it was written; nothing was written, rerun"),
  /** Items of a bulk write did not land before its deadline. */
  WRITE_INCOMPLETE(
      ExitCode.FAILED, "a bulk write did not land every item in time; rerun, it is idempotent"),
  /** Every sort key a message or group row could take in its partition was held by another item. */
  KEYS_TAKEN(
      ExitCode.FAILED,
      "the sort keys a message write stepped over were all taken; nothing was written"),
  /** Items a DynamoDB migration could not change (the rest of its pass is checkpointed). */
  MIGRATION_ITEMS_FAILED(
      ExitCode.FAILED, "a DynamoDB migration could not change some items; the rest is done"),
  /** DynamoDB kept throttling a migration past its deadline; what is checkpointed stays. */
  MIGRATION_THROTTLED(
      ExitCode.FAILED, "DynamoDB kept throttling a migration; rerun, it resumes where it stopped"),
  /** Every worker of a distributed DynamoDB migration stopped with segments left; they stay. */
  MIGRATION_WORKERS_FAILED(
      ExitCode.FAILED,
      "the workers of a distributed DynamoDB migration stopped early; rerun, it resumes"),
  /** The release vehicle answered its release workflow no outcome (it predates slices). */
  NO_OUTCOME(
      ExitCode.FAILED,
      "the release vehicle answered the release workflow no outcome; deploy a newer vehicle"),
  /** A step longer than a slice failed in the release workflow's CodeBuild build. */
  LONG_STEP_FAILED(ExitCode.FAILED, "a long step failed (or timed out) in its CodeBuild build"),
  /** The release workflow failed outside a slice's answer (retries exhausted, timed out). */
  WORKFLOW_FAILED(
      ExitCode.FAILED, "the release workflow failed outside a slice (its history says why)"),
  /** The question was answered no: nothing was done. */
  NOT_CONFIRMED(ExitCode.FAILED, "a destructive command was not confirmed; nothing was done"),

  // exit 2: usage
  /** Bad input no finer code names. */
  USAGE(ExitCode.USAGE, "bad usage or input"),
  /** The command line does not parse: an unknown option or command, a bad or missing value. */
  BAD_ARGUMENT(
      ExitCode.USAGE, "the command line does not parse (unknown option or command, bad value)"),
  /** Options that contradict each other or do not fit the target. */
  CONFLICTING_OPTIONS(ExitCode.USAGE, "options that contradict each other or the target"),
  /** A step or changelog file cannot be used (file and line in the message). */
  STEP_FILE(ExitCode.USAGE, "a step or changelog file is malformed (file and line in the message)"),
  /** No {@code seeders/} where the project should be. */
  NO_PROJECT(ExitCode.USAGE, "the project directory has no seeders/"),
  /** The context is not one the steps know. */
  UNKNOWN_CONTEXT(ExitCode.USAGE, "an unknown --context"),
  /** A release off the local target without a context. */
  CONTEXT_REQUIRED(ExitCode.USAGE, "a non-local target needs --context"),
  /** No target given to the API. */
  NO_TARGET(ExitCode.USAGE, "no target was given"),
  /** No step with that key (or no such liquibase step). */
  UNKNOWN_STEP(ExitCode.USAGE, "no step with that version"),
  /** No DynamoDB table of that name. */
  UNKNOWN_TABLE(ExitCode.USAGE, "no DynamoDB table of that name"),
  /** No distributed run of that step is going on (its budget cannot be set). */
  NO_DISTRIBUTED_RUN(ExitCode.USAGE, "no distributed run of that step is going on"),
  /** No user with that handle in PostgreSQL. */
  UNKNOWN_USER(ExitCode.USAGE, "no user with that handle in PostgreSQL"),
  /** No message group with that id. */
  UNKNOWN_GROUP(ExitCode.USAGE, "no message group with that id (or it has no messages)"),
  /** The sender is not a member of the group. */
  NOT_A_MEMBER(ExitCode.USAGE, "the sender is not a member of the group"),
  /** A message too large for one DynamoDB item. */
  ITEM_TOO_LARGE(ExitCode.USAGE, "a message too large for a DynamoDB item"),
  /** No Liquibase tag of that name. */
  UNKNOWN_TAG(ExitCode.USAGE, "no Liquibase tag of that name"),
  /** A user pool id that does not exist. */
  UNKNOWN_USER_POOL(ExitCode.USAGE, "no user pool with that id"),
  /** A database URL that does not parse. */
  BAD_DATABASE_URL(ExitCode.USAGE, "a database URL that does not parse"),
  /** A deployment outputs file that cannot be used. */
  BAD_OUTPUTS_FILE(ExitCode.USAGE, "a deployment outputs file that cannot be read"),
  /** The project file cruddur.toml does not parse, or sets an option it cannot. */
  CONFIG_FILE(ExitCode.USAGE, "cruddur.toml does not parse or sets an unknown option"),
  /** --stack names no stack of the app (nor a stage prefix of its stacks). */
  UNKNOWN_STACK(
      ExitCode.USAGE, "no stack of that name (or stage prefix) in the account and region"),
  /**
   * A resource the command needs that neither a flag nor the deployment's outputs name (no defaults
   * on AWS).
   */
  NAME_REQUIRED(
      ExitCode.USAGE, "a resource named neither by a flag nor by the deployment's outputs"),
  /**
   * A destructive command off the local target without the resource's name repeated; on it, a
   * rollback of several changesets with no terminal to ask on.
   */
  NEEDS_CONFIRMATION(
      ExitCode.USAGE,
      "a destructive command off the local target (or a wide rollback) needs --confirm NAME"),
  /** {@code ddb seed} would rewrite items a DynamoDB migration applied after the seed changed. */
  SEED_WOULD_UNDO(
      ExitCode.USAGE, "a seed would undo a later migration's change on its items; nothing written"),
  /** A question with no terminal to ask it on. */
  NO_TERMINAL(ExitCode.USAGE, "a question and no terminal to ask it on: pass --yes"),

  // exit 3: drift
  /** An applied step changed (or its file is gone) since it was applied. */
  CHANGED(ExitCode.DRIFT, "an applied step changed or was deleted since it was applied"),
  /** A table differs from the model. */
  TABLE_MISMATCH(ExitCode.DRIFT, "a DynamoDB table differs from the model"),
  /** A new step is older than an applied one (Flyway refuses it by default). */
  OUT_OF_ORDER(
      ExitCode.DRIFT, "a new step is older than an applied one: rename it, or pass --out-of-order"),
  /** Drift no finer code names (Liquibase's own validation). */
  DRIFT(ExitCode.DRIFT, "drift found by Liquibase's validation"),

  // exit 4: config
  /** Configuration no finer code names. */
  CONFIG(ExitCode.CONFIG, "configuration that cannot be used"),
  /** An engine or endpoint cannot be reached. */
  UNREACHABLE(ExitCode.CONFIG, "PostgreSQL or an AWS endpoint cannot be reached"),
  /** No usable AWS credentials, or rejected ones. */
  CREDENTIALS(ExitCode.CONFIG, "no usable AWS credentials, or expired or rejected ones"),
  /** The credentials may not do this. */
  ACCESS_DENIED(ExitCode.CONFIG, "the credentials are not allowed to do this"),
  /** No region, or not an AWS region. */
  REGION(ExitCode.CONFIG, "no AWS region, or not a region"),
  /** PostgreSQL refused the login, or has no such database. */
  DATABASE_LOGIN(ExitCode.CONFIG, "PostgreSQL refused the login or has no such database"),
  /** No PostgreSQL given for a non-local target. */
  NO_DATABASE(ExitCode.CONFIG, "no PostgreSQL given for a non-local target"),
  /**
   * The database has tables the runner did not make and records none of its changesets: {@code
   * cruddur baseline} first.
   */
  NOT_ADOPTED(
      ExitCode.CONFIG,
      "the database was made without the runner (tables, no changeset recorded): run baseline"),
  /** PostgreSQL has no schema yet. */
  NO_SCHEMA(ExitCode.CONFIG, "PostgreSQL has no schema yet: release first"),
  /** The deployment lacks a stack or an output the runner needs. */
  DEPLOYMENT(
      ExitCode.CONFIG, "the deployment lacks a stack, an output or a secret the runner needs"),
  /** The messages table is not deployed where the CDK app owns it. */
  TABLE_NOT_DEPLOYED(
      ExitCode.CONFIG, "the messages table is not deployed (on AWS the CDK app owns it)"),
  /** A GSI of the model missing where the CDK app owns the table. */
  INDEX_NOT_DEPLOYED(
      ExitCode.CONFIG, "a GSI of the model is not deployed (on AWS the CDK app owns the table)"),
  /** No user pool with the name, or several. */
  NO_USER_POOL(ExitCode.CONFIG, "no user pool with that name, or several"),
  /** The release vehicle (a deployed stage's function) cannot be found or failed itself. */
  VEHICLE(ExitCode.CONFIG, "the release vehicle cannot be invoked (not deployed, or not allowed)"),
  /** A step that refuses this kind of target. */
  WRONG_TARGET(ExitCode.CONFIG, "a step that does not run on this kind of target"),
  /** moto_server is not installed. */
  MOTO_MISSING(ExitCode.CONFIG, "moto_server is not installed"),
  /** A port the local environment needs is held by another process. */
  PORT_IN_USE(ExitCode.CONFIG, "a port the local environment needs is held by another process"),
  /** The disk PostgreSQL writes to is full. */
  DISK_FULL(
      ExitCode.CONFIG,
      "the disk PostgreSQL writes to is full (for the local environment: where its log is)"),
  /** The local environment could not start or is not up. */
  LOCAL_START_FAILED(ExitCode.CONFIG, "the local environment could not start"),

  // exit 5: locked
  /** Another release holds the target's lock. */
  LOCK_HELD(ExitCode.LOCKED, "another release holds the target's lock"),

  // exit 6: more
  /**
   * The release workflow was stopped ({@code release --via --stop}): nothing failed, a release
   * continues where its last slice stopped.
   */
  RELEASE_STOPPED(
      ExitCode.MORE, "the release workflow was stopped with work left; release again to continue"),
  /** A time-boxed release stopped at a boundary with work left: a rerun continues it. */
  MORE_TO_DO(
      ExitCode.MORE,
      "a time-boxed release stopped at a boundary with work left; rerun to continue"),

  // exit 130: interrupted
  /** The command was interrupted (Ctrl-C, SIGTERM). */
  INTERRUPTED(ExitCode.INTERRUPTED, "the command was interrupted (Ctrl-C, SIGTERM); rerun it");

  private final ExitCode exitCode;
  private final String meaning;

  ErrorCode(ExitCode exitCode, String meaning) {
    this.exitCode = exitCode;
    this.meaning = meaning;
  }

  /** The exit code this failure ends the process with. */
  public ExitCode exitCode() {
    return exitCode;
  }

  /** What it means, in a line. */
  public String meaning() {
    return meaning;
  }

  /** The code of failures known only by their exit class (code written against the earlier API). */
  public static ErrorCode generic(ExitCode exitCode) {
    return switch (exitCode) {
      case OK, FAILED -> FAILED;
      case USAGE -> USAGE;
      case DRIFT -> DRIFT;
      case CONFIG -> CONFIG;
      case LOCKED -> LOCK_HELD;
      case MORE -> MORE_TO_DO;
      case INTERRUPTED -> INTERRUPTED;
    };
  }
}
