package app.cruddur.ops.runner.internal.step;

import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The behaviour of one parsed step. */
public interface StepAction {
  /** Files besides the step file whose content is part of the step's checksum. */
  default List<Path> inputs() {
    return List.of();
  }

  /**
   * Files besides the step file whose content is summarized by a checksum of the kind's own (a
   * Liquibase changelog tree), keyed for the checksum. Empty for most kinds.
   */
  default Optional<String> inputChecksum() {
    return Optional.empty();
  }

  /**
   * A versioned step has a new checksum since {@code since}: its last applied row, or for a step
   * never applied its last (failed or interrupted) attempt. What does it mean? The default is drift
   * (exit 3) after an apply, and nothing after an attempt that applied nothing; a Liquibase step
   * instead looks at its changesets: new ones are pending work, a changed applied one is drift.
   */
  default Reassessment reassess(StepScope scope, LedgerEntry since) {
    return since.applied()
        ? Reassessment.drift("its file changed since it was applied")
        : Reassessment.pending("");
  }

  /**
   * Why the step does not run on {@code target} at all (a local-only step on AWS), or empty when it
   * does. Plan, status and release all show such a step as not applicable and skip it.
   */
  default Optional<String> notApplicableOn(ResolvedTarget target) {
    return Optional.empty();
  }

  /**
   * Stores the step reads besides the one it writes, whose present content it needs when it runs
   * (the Cognito sync reads the user pool, a seed its users in PostgreSQL): checked as targets
   * before the lock, and by {@link #checkReadable} before the first write.
   */
  default Set<Store> reads() {
    return Set.of();
  }

  /** What a pending run would do, for the plan ("3 changesets: 001-users, ..."). */
  default Optional<String> pendingDetail(StepScope scope) {
    return Optional.empty();
  }

  /**
   * For {@code status}: what the applied step did, from its ledger row ("scanned 1,000: changed 12,
   * …").
   */
  default Optional<String> appliedDetail(LedgerEntry applied) {
    return Optional.empty();
  }

  /** For {@code --dry-run}: what the step would execute (Liquibase's SQL). */
  default Optional<String> preview(StepScope scope) {
    return Optional.empty();
  }

  /**
   * Checks, before anything of the release is applied, that the step can run: its inputs parse (a
   * malformed changelog is exit 2 with file and line, not a failure half-way through).
   */
  default void prepare(StepScope scope) {}

  /**
   * Checks, before anything of the release is applied, that what the step reads is there (a seed's
   * users): called only when no step before it in the release writes the stores it {@link #reads}.
   */
  default void checkReadable(StepScope scope) {}

  /**
   * How long the rest of the step is expected to take, from what it knows before it runs (a
   * migration: the items left over its budget), for a slice's estimate; empty when it cannot say (a
   * release counts such a step as quick).
   */
  default Optional<Duration> estimate(StepScope scope) {
    return Optional.empty();
  }

  /**
   * Applies the step. Must be safe to run again after a failure or a crash mid-way. A step that can
   * stop at a boundary before its end checks {@link StepScope#deadline()} there and answers {@link
   * StepOutcome#paused} when it passed.
   */
  StepOutcome apply(StepScope scope) throws Exception;

  /**
   * For {@code repair --accept}: facts to record with the new checksum (changeset checksums), as
   * the kind's details record.
   */
  default Optional<Record> repairDetails(StepScope scope) {
    return Optional.empty();
  }
}
