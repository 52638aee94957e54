package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.model.MessagesTable;
import java.util.Objects;
import java.util.Optional;

/**
 * The names of a target's resources: the messages table, the user pool (by id where known — ids
 * come from deployment outputs on AWS — else by name, as the local emulator creates it), and, on
 * the local target, the PostgreSQL database. Defaults are the model's.
 *
 * @param tableName the messages table
 * @param userPoolId the user pool's id, when known
 * @param userPoolName the user pool's name (found or created by name locally)
 * @param userPoolClientName the app client's name
 * @param localDatabase database of the local PostgreSQL (tests use their own)
 */
public record ResourceNames(
    String tableName, Optional<String> userPoolId, String userPoolName, String userPoolClientName, String localDatabase) {

  /** The database the runner uses in the local environment's PostgreSQL. */
  public static final String LOCAL_DATABASE = "cruddur";

  public ResourceNames {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(userPoolId, "userPoolId");
    Objects.requireNonNull(userPoolName, "userPoolName");
    Objects.requireNonNull(userPoolClientName, "userPoolClientName");
    Objects.requireNonNull(localDatabase, "localDatabase");
  }

  /** The model's names. */
  public static ResourceNames defaults() {
    return new ResourceNames(MessagesTable.NAME, Optional.empty(), CognitoPool.POOL_NAME, CognitoPool.CLIENT_NAME,
        LOCAL_DATABASE);
  }

  public ResourceNames withTableName(String name) {
    return new ResourceNames(name, userPoolId, userPoolName, userPoolClientName, localDatabase);
  }

  public ResourceNames withUserPoolId(String id) {
    return new ResourceNames(tableName, Optional.of(id), userPoolName, userPoolClientName, localDatabase);
  }

  public ResourceNames withUserPoolName(String name) {
    return new ResourceNames(tableName, userPoolId, name, userPoolClientName, localDatabase);
  }

  public ResourceNames withLocalDatabase(String database) {
    return new ResourceNames(tableName, userPoolId, userPoolName, userPoolClientName, database);
  }
}
