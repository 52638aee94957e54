package app.cruddur.ops.runner;

import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.CognitoUserList;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.internal.cognito.ThrottlingRetry;
import app.cruddur.ops.runner.internal.cognito.UserPools;
import app.cruddur.ops.runner.internal.operations.cognito.ListUsers;
import app.cruddur.ops.runner.internal.operations.cognito.SyncUsers;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.time.Duration;

/**
 * The Cognito users of one target, usable without the CLI: every user of the pool, and the sync of
 * their {@code sub} into {@code users.cognito_user_id} (the same code as the release's {@code
 * cognito-sync} step, run alone). Throttled Cognito calls are retried with capped exponential
 * backoff after the SDK's own retries.
 *
 * <pre>{@code
 * try (CognitoUsers cognito = Release.configure()
 *     .target(Target.local(Path.of(".cruddur/local")))
 *     .loadCognitoUsers()) {
 *   CognitoUserList users = cognito.list();
 *   CognitoSyncReport preview = cognito.dryRun();
 *   CognitoSyncReport done = cognito.sync();
 * }
 * }</pre>
 *
 * <p>The pool is the one {@link ResourceNames#userPoolId()} names, else the pool named {@link
 * ResourceNames#userPoolName()}.
 */
public final class CognitoUsers implements AutoCloseable {
  private final Connections session;
  private final Duration lockWait;
  private final String actor;
  private final ThrottlingRetry retry;
  private String poolId;

  CognitoUsers(Connections session, Duration lockWait, ReleaseListener listener, String actor) {
    this.session = session;
    this.lockWait = lockWait;
    this.actor = actor;
    this.retry = new ThrottlingRetry(listener::notice);
  }

  /**
   * The pool's id.
   *
   * @throws CruddurException exit 2 when a given id does not exist, exit 4 when no pool has the
   *     name or Cognito cannot be reached
   */
  public synchronized String userPoolId() {
    if (poolId == null) {
      poolId = UserPools.require(session);
    }
    return poolId;
  }

  /** Every user of the pool (all pages), those without {@code preferred_username} included. */
  public CognitoUserList list() {
    return new ListUsers(session, userPoolId(), retry).run();
  }

  /**
   * Syncs under the target's release lock (queueing behind a release for the configured lock wait):
   * all changes in one transaction, or, when anything conflicts, none; see {@link
   * CognitoSyncReport#hasConflicts()}.
   *
   * @throws CruddurException exit 5 when a release holds the lock; exit 4 when PostgreSQL has no
   *     users table or an engine cannot be reached
   */
  public CognitoSyncReport sync() {
    return new SyncUsers(session, userPoolId(), true, lockWait, retry, actor).run();
  }

  /** What {@link #sync()} would do, writing nothing. */
  public CognitoSyncReport dryRun() {
    return new SyncUsers(session, userPoolId(), false, lockWait, retry, actor).run();
  }

  @Override
  public void close() {
    session.close();
  }
}
