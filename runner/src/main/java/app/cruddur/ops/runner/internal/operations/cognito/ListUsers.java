package app.cruddur.ops.runner.internal.operations.cognito;

import app.cruddur.ops.runner.api.CognitoUser;
import app.cruddur.ops.runner.api.CognitoUserList;
import app.cruddur.ops.runner.internal.cognito.PoolUsers;
import app.cruddur.ops.runner.internal.cognito.ThrottlingRetry;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.List;

/**
 * {@code cruddur cognito list-users}: every user of the pool (all pages), those without
 * preferred_username included.
 */
public record ListUsers(Connections session, String poolId, ThrottlingRetry retry)
    implements Operation<CognitoUserList> {
  @Override
  public CognitoUserList run() {
    List<CognitoUser> users = new PoolUsers(session, poolId, retry).list();
    long withoutHandle = users.stream().filter(u -> u.handle().isEmpty()).count();
    return new CognitoUserList(poolId, users.size(), withoutHandle, users, List.of());
  }
}
