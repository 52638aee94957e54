package app.cruddur.ops.runner.internal.plan;

import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import java.util.Optional;

/**
 * Where one step stands, with the ledger rows that say so.
 *
 * @param step the step's definition; empty for a ledger entry whose file is gone (MISSING)
 * @param status its status, as shown and acted on
 * @param latest its latest ledger row
 * @param lastApplied its latest applied row (the checksum and store identity it was applied with)
 */
public record Assessment(
    Optional<StepDefinition> step,
    StepStatus status,
    Optional<LedgerEntry> latest,
    Optional<LedgerEntry> lastApplied) {

  /** The same step with another status (a plan's detail, say). */
  public Assessment withStatus(StepStatus other) {
    return new Assessment(step, other, latest, lastApplied);
  }

  /** True when a release applies it. */
  public boolean willRun() {
    return step.isPresent() && status.state().willRun();
  }
}
