package app.cruddur.ops.model;

import java.util.List;

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

  /** Answer field of a direct invocation: the command's exit code (0–5, as {@code cruddur}'s). */
  public static final String EXIT_CODE_FIELD = "exitCode";

  /** Answer field: the command's {@code error: …} line, null when it succeeded. */
  public static final String ERROR_LINE_FIELD = "errorLine";

  /** Answer field: what the command printed on stdout (its report, or its JSON document). */
  public static final String STDOUT_FIELD = "output";

  /** Answer field: what the command printed on stderr (progress, warnings, the error line). */
  public static final String STDERR_FIELD = "log";

  /**
   * The commands a direct invocation may run: the release, read-only ones, and {@code rollback}
   * ({@code db rollback}, which needs {@value #CONFIRM_FIELD}). Nothing else of the CLI.
   */
  public static final List<String> COMMANDS =
      List.of("release", "plan", "status", "validate", "rollback");

  private ReleaseVehicle() {}

  /**
   * The longest timeout the function may have (under the Provider framework's 15 minutes): what a
   * caller waits at most.
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
