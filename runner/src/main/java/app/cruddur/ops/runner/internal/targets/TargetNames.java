package app.cruddur.ops.runner.internal.targets;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Store;
import java.util.Optional;

/**
 * The names of one target's resources, resolved once per target's connections: a given name first,
 * then the deployment's outputs, then — only where the runner owns the store (any engine but AWS) —
 * the model's. A name that none of them gives is exit 2 when it is asked for, naming the flag to
 * pass: on AWS nothing is ever a default.
 *
 * @param table the messages table, if named
 * @param userPoolId the user pool's id, if named
 * @param pool the user pool's name, if named
 * @param userPoolClientName the app client's name (the runner creates it in emulators only)
 * @param localDatabase the database in the local PostgreSQL
 * @param namedBy where names come from besides flags, for messages: "the model", "stack
 *     cruddur-dev-data"
 */
public record TargetNames(
    Optional<String> table,
    Optional<String> userPoolId,
    Optional<String> pool,
    String userPoolClientName,
    String localDatabase,
    String namedBy) {

  /**
   * The names of {@code target}: given ones, then the deployment's, then the model's where the
   * runner owns the store ({@link ResolvedTarget#owns}).
   */
  static TargetNames resolve(ResolvedTarget target, Optional<Deployment> deployment) {
    ResourceNames given = target.names();
    Optional<String> table =
        given
            .tableName()
            .or(() -> deployment.flatMap(d -> d.get(DeploymentOutputs.TABLE_NAME)))
            .or(target::defaultTable);
    Optional<String> poolId =
        given.userPoolId().or(() -> deployment.flatMap(d -> d.get(DeploymentOutputs.USER_POOL_ID)));
    Optional<String> poolName = given.userPoolName().or(target::defaultPoolName);
    String namedBy =
        deployment
            .map(Deployment::source)
            .orElse(target.owns(Store.DYNAMODB) ? "the model" : "no deployment");
    return new TargetNames(
        table, poolId, poolName, given.userPoolClientName(), given.localDatabase(), namedBy);
  }

  /**
   * The messages table.
   *
   * @throws CruddurException exit 2 ({@code NAME_REQUIRED}) naming {@code --table} when nothing
   *     names it
   */
  public String tableName() {
    return table.orElseThrow(
        () -> required("the messages table", DeploymentOutputs.TABLE_NAME, "--table NAME", "data"));
  }

  /** True when the user pool is named, by id or by name. */
  public boolean poolNamed() {
    return userPoolId.isPresent() || pool.isPresent();
  }

  /**
   * The user pool's name, for a pool found (or created) by name.
   *
   * @throws CruddurException exit 2 ({@code NAME_REQUIRED}) naming {@code --user-pool-id} when
   *     nothing names it
   */
  public String userPoolName() {
    return pool.orElseThrow(
        () ->
            required(
                "the Cognito user pool",
                DeploymentOutputs.USER_POOL_ID,
                "--user-pool-id ID",
                "auth"));
  }

  /**
   * The pool as messages name it: its id, else its name (or "the user pool" when neither is known).
   */
  public String poolLabel() {
    return userPoolId.or(() -> pool).orElse("the user pool");
  }

  private CruddurException required(String what, String output, String flag, String part) {
    String source =
        namedBy.equals("no deployment")
            ? "no flag or deployment names it"
            : namedBy + " has no output " + output;
    return CruddurException.of(
        ErrorCode.NAME_REQUIRED,
        what + " is not named (" + source + "; on AWS nothing is a default)",
        "Pass "
            + flag
            + ", or name the whole deployment: --stack cruddur-<stage> (its "
            + part
            + " stack's "
            + output
            + " output) or --outputs cdk-outputs.json");
  }
}
