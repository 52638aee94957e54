package app.cruddur.ops.runner.internal.step;

import app.cruddur.ops.runner.api.Progress;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Optional;

/**
 * What a step sees when it runs or is assessed.
 *
 * @param session the target's connections and names
 * @param projectDir the project directory
 * @param context the release context ({@code dev}, {@code prod})
 * @param actor who applies ({@code user@host pid N}), as the ledger records it
 * @param step the step
 * @param lastApplied the ledger row of its last successful apply, if any
 * @param listener progress reporting
 * @param status the step's status as planned (for progress events)
 * @param lockSession the connection that holds the release lock, while the step is applied: SQL
 *     that must not outlive the lock (a non-transactional changeset) runs on it, so the lock is
 *     freed only when that SQL has ended, however the runner died
 * @param deadline when a time-boxed release stops: a step that can stop at a boundary before its
 *     end (a migration after a page, a liquibase step after a changeset, a seed after a batch)
 *     checks it there, after doing at least one unit of work, and answers {@link
 *     StepOutcome#paused}
 * @param handsOffDistributed a slice of a release workflow: a step that runs distributed does not
 *     start workers here but hands its unfinished segments to the workflow's Distributed Map
 *     ({@link StepOutcome#handedOff}), and records itself once the map finished them
 */
public record StepScope(
    Connections session,
    Path projectDir,
    String context,
    String actor,
    StepDefinition step,
    Optional<LedgerEntry> lastApplied,
    ReleaseListener listener,
    StepStatus status,
    Optional<Connection> lockSession,
    Deadline deadline,
    boolean handsOffDistributed) {

  /** The same scope, applied under the lock held by {@code connection}. */
  public StepScope underLockOf(Connection connection) {
    return new StepScope(
        session,
        projectDir,
        context,
        actor,
        step,
        lastApplied,
        listener,
        status,
        Optional.of(connection),
        deadline,
        handsOffDistributed);
  }

  /** The same scope, stopping at its boundaries once {@code deadline} passed. */
  public StepScope withDeadline(Deadline deadline) {
    return sliced(deadline, handsOffDistributed);
  }

  /**
   * The same scope in a slice: stopping at its boundaries once {@code deadline} passed, and handing
   * a distributed step to the release workflow's Distributed Map when {@code handsOffDistributed}.
   */
  public StepScope sliced(Deadline deadline, boolean handsOffDistributed) {
    return new StepScope(
        session,
        projectDir,
        context,
        actor,
        step,
        lastApplied,
        listener,
        status,
        lockSession,
        deadline,
        handsOffDistributed);
  }

  /** Reports progress of this step. */
  public void progress(long done, long total) {
    listener.stepProgress(status, done, total);
  }

  /** This step's progress, phases included, for code that reports to a {@link Progress}. */
  public Progress progress() {
    return new Progress() {
      @Override
      public void update(long done, long total) {
        listener.stepProgress(status, done, total);
      }

      @Override
      public void phase(String name) {
        listener.stepPhase(status, name);
      }
    };
  }
}
