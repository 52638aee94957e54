package app.cruddur.ops.runner.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The names of a target's resources that the caller gives (the CLI's {@code --table}, {@code
 * --user-pool-id}, {@code --user-pool-name}). A name not given comes from the deployment's outputs
 * ({@code --outputs}, {@code --stack}); only where the runner owns the resources (the local
 * environment, another endpoint with no deployment named) does it default to the model's. On AWS
 * nothing defaults: a name from neither is an error naming the flag to pass.
 *
 * @param tableName the messages table, if given
 * @param userPoolId the user pool's id, if given
 * @param userPoolName the user pool's name, if given (found, or created locally, by name)
 * @param userPoolClientName the app client's name
 * @param localDatabase database of the local PostgreSQL (tests use their own)
 */
public record ResourceNames(
    Optional<String> tableName,
    Optional<String> userPoolId,
    Optional<String> userPoolName,
    String userPoolClientName,
    String localDatabase) {

  /** The database the runner uses in the local environment's PostgreSQL. */
  public static final String LOCAL_DATABASE = "cruddur";

  public ResourceNames {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(userPoolId, "userPoolId");
    Objects.requireNonNull(userPoolName, "userPoolName");
    Objects.requireNonNull(userPoolClientName, "userPoolClientName");
    Objects.requireNonNull(localDatabase, "localDatabase");
  }

  /**
   * No name given: each comes from the deployment, or is the model's where the runner owns the
   * resources.
   */
  public static ResourceNames defaults() {
    return new ResourceNames(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        app.cruddur.ops.model.CognitoPool.CLIENT_NAME,
        LOCAL_DATABASE);
  }

  public ResourceNames withTableName(String name) {
    return new ResourceNames(
        Optional.of(name), userPoolId, userPoolName, userPoolClientName, localDatabase);
  }

  public ResourceNames withUserPoolId(String id) {
    return new ResourceNames(
        tableName, Optional.of(id), userPoolName, userPoolClientName, localDatabase);
  }

  public ResourceNames withUserPoolName(String name) {
    return new ResourceNames(
        tableName, userPoolId, Optional.of(name), userPoolClientName, localDatabase);
  }

  public ResourceNames withLocalDatabase(String database) {
    return new ResourceNames(tableName, userPoolId, userPoolName, userPoolClientName, database);
  }
}
