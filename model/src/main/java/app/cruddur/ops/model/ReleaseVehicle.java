package app.cruddur.ops.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The release vehicle's contract: the Lambda function that runs {@code cruddur} inside the VPC of a
 * deployed stage. The CDK app (infra) sets these environment variables and custom-resource
 * properties; the vehicle's handler reads them. Its target always comes from here, never from the
 * event that invokes it, so an invocation cannot point a stage's vehicle at another stage.
 */
public final class ReleaseVehicle {
  /** The handler in the vehicle's package. */
  public static final String HANDLER = "app.cruddur.ops.vehicle.ReleaseHandler::handleRequest";

  /** The stage the vehicle belongs to, for messages. */
  public static final String STAGE_ENV = "CRUDDUR_STAGE";

  /**
   * The stage's resources, as a JSON object of {@link DeploymentOutputs} keys to values (the table,
   * the pool, the database endpoint and its secret's ARN): what {@code --outputs} names.
   */
  public static final String DEPLOYMENT_OUTPUTS_ENV = "CRUDDUR_DEPLOYMENT_OUTPUTS";

  /** The release context of the stage ({@code test}, {@code prod}). */
  public static final String RELEASE_CONTEXT_ENV = "CRUDDUR_RELEASE_CONTEXT";

  /** How long a release queues behind another that holds the lock (e.g. {@code 2m}). */
  public static final String LOCK_WAIT_ENV = "CRUDDUR_LOCK_WAIT";

  /** The package's fingerprint (runner, seeders/, migrations/), as deployed with the function. */
  public static final String PACKAGE_ENV = "CRUDDUR_PACKAGE";

  /** Custom-resource property: the fingerprint of the package the deployment releases. */
  public static final String PACKAGE_PROPERTY = "Package";

  /** Custom-resource property: the deployment outputs the deployment releases to. */
  public static final String TARGET_PROPERTY = "Target";

  /** Direct invocation field: the command to run. */
  public static final String COMMAND_FIELD = "command";

  /** Direct invocation field: {@code table} (default) or {@code json}, as {@code --output}. */
  public static final String OUTPUT_FIELD = "output";

  /** Direct invocation field of {@code rollback}: roll back the last N changesets. */
  public static final String COUNT_FIELD = "count";

  /**
   * Direct invocation field of {@code rollback}: roll back the changesets applied after this tag.
   */
  public static final String TAG_FIELD = "tag";

  /** Direct invocation field of {@code rollback}: the database's name, repeated to confirm. */
  public static final String CONFIRM_FIELD = "confirm";

  /**
   * The commands a direct invocation may run: the words of {@link Verb}, the release, read-only
   * ones, and {@code rollback} ({@code db rollback}, which needs {@value #CONFIRM_FIELD}). Nothing
   * else of the CLI.
   */
  public static final List<String> COMMANDS = Arrays.stream(Verb.values()).map(Verb::word).toList();

  /**
   * The verbs a vehicle runs, one vocabulary for the CLI ({@code --via}), the handler and the CDK
   * app: the word a direct invocation names it by, and the {@code cruddur} command that runs it
   * from anywhere else (the {@value #OPERATION_FIELD} of its answer).
   */
  public enum Verb {
    /** Apply every pending step ({@code cruddur release}). */
    RELEASE("release", "release"),
    /** What a release would do ({@code cruddur release --plan}). */
    PLAN("plan", "release --plan"),
    /** Every step and where it stands ({@code cruddur status}). */
    STATUS("status", "status"),
    /** Applied steps against their files ({@code cruddur validate}). */
    VALIDATE("validate", "validate"),
    /** Roll changesets back ({@code cruddur db rollback}). */
    ROLLBACK("rollback", "db rollback"),
    /**
     * Ask the release of a workflow under way to stop at its next boundary ({@code cruddur release
     * --via --stop} asks it, as it stops the workflow's execution).
     */
    STOP("stop", "release --via --stop");

    private final String word;
    private final String command;

    Verb(String word, String command) {
      this.word = word;
      this.command = command;
    }

    /** The word of the {@value ReleaseVehicle#COMMAND_FIELD} field of an invocation. */
    public String word() {
      return word;
    }

    /** The {@code cruddur} command that runs it. */
    public String command() {
      return command;
    }

    /** The verb {@code word} names, if any. */
    public static Optional<Verb> of(String word) {
      return Arrays.stream(values()).filter(v -> v.word.equals(word)).findFirst();
    }
  }

  /**
   * Answer field: the command ({@code release}, {@code db rollback}). The answer to a direct
   * invocation is the CLI's JSON envelope of the command, one JSON object whose top level has
   * {@value #OPERATION_FIELD}, {@value #TARGET_FIELD}, {@value #RESULT_FIELD} (the verb's typed
   * result, absent on failure), {@value #WARNINGS_FIELD}, {@value #ERROR_FIELD} ({@code {code,
   * exitCode, message, hint}}, only on failure) and {@value #EVENTS_FIELD} (the release's progress,
   * so a caller shows it as a local run shows it).
   */
  public static final String OPERATION_FIELD = "operation";

  /** Answer field: the target the vehicle acted on, described without secrets. */
  public static final String TARGET_FIELD = "target";

  /** Answer field: the verb's typed result. */
  public static final String RESULT_FIELD = "result";

  /** Answer field: what the command met and went on past. */
  public static final String WARNINGS_FIELD = "warnings";

  /** Answer field: the failure, {@code {code, exitCode, message, hint}}. */
  public static final String ERROR_FIELD = "error";

  /** Answer field: the release's progress events, in order. */
  public static final String EVENTS_FIELD = "events";

  private ReleaseVehicle() {}

  /**
   * The longest timeout the function may have (under Lambda's 15 minutes): what one invocation, a
   * direct {@code --via} call or one slice of the release workflow, lasts at most.
   */
  public static final java.time.Duration MAX_TIMEOUT = java.time.Duration.ofMinutes(14);

  /**
   * The log group of the function {@code functionName}, where every command's whole transcript is.
   */
  public static String logGroup(String functionName) {
    return "/aws/lambda/" + functionName;
  }

  /** The function's name in {@code stage}: {@code cruddur-<stage>-release}. */
  public static String functionName(String stage) {
    return DeploymentOutputs.stackName(stage, DeploymentOutputs.RELEASE_STACK);
  }
}
