package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.target.TargetSession;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a step sees when it runs or is assessed.
 *
 * @param session the target's connections and names
 * @param projectDir the project directory
 * @param releaseContext the release context ({@code dev}, {@code prod})
 * @param step the step
 * @param lastApplied the ledger row of its last successful apply, if any
 * @param listener progress reporting
 * @param status the step's status as planned (for progress events)
 */
public record StepContext(
    TargetSession session,
    Path projectDir,
    String releaseContext,
    StepDefinition step,
    Optional<LedgerEntry> lastApplied,
    ReleaseListener listener,
    StepStatus status) {

  /** Reports progress of this step. */
  public void progress(long done, long total) {
    listener.stepProgress(status, done, total);
  }
}
