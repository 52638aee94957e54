package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.cognito.UserPools;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.pg.LockWaits;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import app.cruddur.ops.runner.internal.targets.Connections;
import com.fasterxml.jackson.databind.node.NullNode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Applies one step under the release lock and records it: STARTED before, SUCCEEDED (with the
 * store's identity after it), PAUSED (it stopped at a boundary when its slice's deadline passed) or
 * FAILED after, the failure turned into what the user must do.
 */
public final class StepRunner {
  private static final Logger LOG = Logger.getLogger(StepRunner.class.getName());

  /**
   * Exit classes a step failure keeps; anything else is the step failing (exit 1). Not usage: exit
   * 2 says nothing was written, and by now the ledger has the attempt (and earlier steps may be
   * applied).
   */
  private static final Set<ExitCode> KEPT = EnumSet.of(ExitCode.CONFIG, ExitCode.DRIFT);

  /**
   * Failures a step keeps its own code for (the same exit code as {@code STEP_FAILED}): a release
   * workflow's execution fails with it as its error, naming what to look at.
   */
  private static final Set<ErrorCode> KEPT_CODES = EnumSet.of(ErrorCode.MIGRATION_WORKERS_FAILED);

  private final Connections session;
  private final Ledger ledger;
  private final StoreIdentities identities;
  private final ReleaseListener listener;

  public StepRunner(
      Connections session, Ledger ledger, StoreIdentities identities, ReleaseListener listener) {
    this.session = session;
    this.ledger = ledger;
    this.identities = identities;
    this.listener = listener;
  }

  /**
   * What a step's run did.
   *
   * @param result as the release reports it
   * @param rest what the rest of a paused step is expected to take, when it can say
   * @param distribute a paused distributed step's segments for the workflow's Distributed Map
   */
  public record Ran(
      StepResult result, Optional<Duration> rest, Optional<ReleaseResult.Distribute> distribute) {}

  /**
   * Runs the step of {@code scope} and records it as {@code row}.
   *
   * @throws CruddurException the step's failure, recorded as FAILED
   */
  public Ran run(StepScope scope, Ledger.NewRow row) throws SQLException {
    StepDefinition step = scope.step();
    listener.stepStarted(scope.status());
    long id = ledger.started(row, Instant.now());
    long t0 = System.nanoTime();
    LockWaits waits =
        step.store() == Store.POSTGRES
            ? LockWaits.watch(session.postgres(), m -> listener.notice(step.id() + " " + m))
            : LockWaits.NONE;
    try (waits) {
      StepOutcome outcome = step.action().apply(scope.underLockOf(ledger.connection()));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (step.store() != Store.POSTGRES) {
        identities.refresh(step.store());
      }
      ledger.finished(
          id,
          outcome.paused() ? LedgerEntry.Outcome.PAUSED : LedgerEntry.Outcome.SUCCEEDED,
          Instant.now(),
          ms,
          outcome.details(),
          identities.of(step.store()),
          null);
      StepResult result =
          new StepResult(
              step.id().key(),
              step.kind(),
              step.store(),
              step.description(),
              true,
              ms,
              outcome.summary(),
              outcome.details(),
              outcome.changed(),
              outcome.paused());
      listener.stepFinished(result);
      return new Ran(result, outcome.rest(), outcome.distribute());
    } catch (Exception e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      CruddurException failure = failure(step, e, waits.lastSeen());
      try {
        ledger.finished(
            id,
            LedgerEntry.Outcome.FAILED,
            Instant.now(),
            ms,
            NullNode.getInstance(),
            null,
            failure.getMessage());
      } catch (SQLException ledgerLost) {
        LOG.warning(
            "could not record the failure of "
                + step.id()
                + " (it shows as interrupted): "
                + ledgerLost.getMessage());
      }
      listener.stepFinished(
          new StepResult(
              step.id().key(),
              step.kind(),
              step.store(),
              step.description(),
              false,
              ms,
              failure.problem(),
              NullNode.getInstance(),
              false));
      throw failure;
    }
  }

  /** The service a step of {@code store} calls, as an error names it ("DynamoDB at …"). */
  private String where(Store store) {
    return switch (store) {
      case DYNAMODB -> session.aws().describeDynamoDb();
      case COGNITO -> UserPools.where(session);
      default -> session.target().describe();
    };
  }

  private CruddurException failure(StepDefinition step, Exception e, Optional<String> lastWait) {
    CruddurException cause;
    if (e instanceof CruddurException c) {
      cause = c;
    } else if (e instanceof SdkException sdk) {
      cause = AwsErrors.translate(sdk, "applying " + step.id(), where(step.store()));
    } else if (e instanceof SQLException sql
        && (PgConnections.isConnectionLoss(sql) || PgConnections.isDiskFull(sql))) {
      cause = session.postgres().unreachable(sql);
    } else {
      cause =
          CruddurException.of(
              ErrorCode.STEP_FAILED,
              e.getClass().getSimpleName() + ": " + e.getMessage(),
              "Rerun with --debug for details",
              e);
    }
    ErrorCode code =
        KEPT.contains(cause.exitCode()) || KEPT_CODES.contains(cause.code())
            ? cause.code()
            : ErrorCode.STEP_FAILED;
    String waited =
        lastWait
            .filter(w -> PgConnections.isTimeout(e))
            .map(w -> "; it was waiting for " + w)
            .orElse("");
    return CruddurException.of(
            code,
            step.id() + " (" + step.file() + ") failed: " + cause.problem() + waited,
            cause.remedy().isBlank()
                ? "Fix the cause and rerun the release; it retries the step"
                : cause.remedy() + "; then rerun the release, it retries the step",
            cause.getCause() == null ? cause : cause.getCause())
        .withChangeset(cause.changeset());
  }
}
