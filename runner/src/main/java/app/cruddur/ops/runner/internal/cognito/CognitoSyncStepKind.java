package app.cruddur.ops.runner.internal.cognito;

import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.step.StepAction;
import app.cruddur.ops.runner.internal.step.StepKind;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.Optional;

/**
 * {@code kind: cognito-sync}: copies each Cognito user's {@code sub} to {@code
 * users.cognito_user_id} of the row whose handle is the user's {@code preferred_username}, on every
 * release (users sign up between releases). Writes PostgreSQL, so its store is postgres. A conflict
 * fails the step with nothing written. Where the runner owns the pool (local, other endpoints) and
 * it does not exist yet — a release outside the dev context — there is nothing to sync; on AWS a
 * missing pool is a configuration error.
 */
public final class CognitoSyncStepKind implements StepKind<CognitoSyncStepKind.SyncStep> {
  @Override
  public String name() {
    return "cognito-sync";
  }

  @Override
  public Store store() {
    return Store.POSTGRES;
  }

  @Override
  public Class<SyncStep> actionType() {
    return SyncStep.class;
  }

  @Override
  public boolean runsEveryRelease() {
    return true;
  }

  @Override
  public SyncStep parse(YamlMap body, StepSource source) {
    return new SyncStep();
  }

  /**
   * What a sync recorded in its ledger row.
   *
   * @param userPoolId the pool synced from
   * @param counts how many rows were set, right already, without a user, in conflict
   */
  record SyncDetails(String userPoolId, CognitoSyncReport.Counts counts) {}

  record SyncStep() implements StepAction {
    @Override
    public java.util.Set<Store> reads() {
      return java.util.Set.of(Store.COGNITO);
    }

    @Override
    public StepOutcome apply(StepScope scope) {
      Connections session = scope.session();
      Optional<String> pool = UserPools.find(session);
      if (pool.isEmpty()) {
        if (!session.target().owns(Store.COGNITO)) {
          throw UserPools.missing(session);
        }
        return StepOutcome.unchanged(
            "no user pool named "
                + session.names().userPoolName()
                + " in "
                + UserPools.where(session)
                + ": nothing to sync");
      }
      ThrottlingRetry retry = new ThrottlingRetry(scope.listener()::notice);
      // under a release the lock's own connection does the diff and the write (no second one)
      CognitoSyncReport report =
          scope.lockSession().isPresent()
              ? CognitoSync.runOn(scope.lockSession().get(), session, pool.get(), retry)
              : CognitoSync.run(
                  session,
                  pool.get(),
                  true,
                  Optional.empty(),
                  retry,
                  "cruddur release cognito-sync");
      if (report.hasConflicts()) {
        throw report.conflictError();
      }
      return StepOutcome.of(
          report.summary(),
          new SyncDetails(report.userPoolId(), report.counts()),
          !report.changes().isEmpty());
    }
  }
}
