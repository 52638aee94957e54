package app.cruddur.ops.runner.internal.operations.cognito;

import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.internal.cognito.CognitoSync;
import app.cruddur.ops.runner.internal.cognito.ThrottlingRetry;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code cruddur cognito sync [--dry-run]}: the release's cognito-sync step, alone: under the
 * release lock (queueing as asked), all changes in one transaction, or none when anything
 * conflicts; a dry run writes nothing and takes no lock.
 */
public record SyncUsers(
    Connections session,
    String poolId,
    boolean write,
    Duration lockWait,
    ThrottlingRetry retry,
    String actor)
    implements Operation<CognitoSyncReport> {
  @Override
  public CognitoSyncReport run() {
    return write
        ? CognitoSync.run(
            session, poolId, true, Optional.of(lockWait), retry, "cruddur cognito sync " + actor)
        : CognitoSync.run(
            session,
            poolId,
            false,
            Optional.empty(),
            retry,
            "cruddur cognito sync --dry-run " + actor);
  }
}
