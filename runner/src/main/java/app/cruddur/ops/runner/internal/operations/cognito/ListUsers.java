package app.cruddur.ops.runner.internal.operations.cognito;

import app.cruddur.ops.runner.api.CognitoUser;
import app.cruddur.ops.runner.api.CognitoUserList;
import app.cruddur.ops.runner.internal.cognito.PoolUsers;
import app.cruddur.ops.runner.internal.cognito.ThrottlingRetry;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.target.TargetSession;
import java.util.List;

/** {@code cruddur cognito list-users}: every user of the pool (all pages), those without preferred_username included. */
public final class ListUsers implements Operation<CognitoUserList> {
  private final TargetSession session;
  private final String poolId;
  private final ThrottlingRetry retry;

  public ListUsers(TargetSession session, String poolId, ThrottlingRetry retry) {
    this.session = session;
    this.poolId = poolId;
    this.retry = retry;
  }

  @Override
  public CognitoUserList run() {
    List<CognitoUser> users = new PoolUsers(session, poolId, retry).list();
    long withoutHandle = users.stream().filter(u -> u.handle().isEmpty()).count();
    return new CognitoUserList(poolId, users.size(), withoutHandle, users, List.of());
  }
}
