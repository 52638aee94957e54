package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides where every step stands, as Flyway's {@code MigrationInfoImpl.getState()} does: from the
 * ledger's rows, the catalog and the stores' identities, with no I/O of its own. The only
 * question it cannot answer alone, what a new checksum of an applied versioned step means, is put
 * to the step's kind through a {@link Reassessor}.
 */
public final class StepAssessor {
  private StepAssessor() {}

  /** What a new checksum of an applied versioned step means (the kind decides: Liquibase looks at changesets). */
  @FunctionalInterface
  public interface Reassessor {
    Reassessment reassess(StepDefinition step, LedgerEntry applied);
  }

  /**
   * Everything the decision takes.
   *
   * @param context the release context
   * @param steps the catalog's steps, in release order
   * @param ledger the ledger's latest and latest applied rows
   * @param lockHeldElsewhere another release holds the lock now (a STARTED row is running, not interrupted)
   * @param identities the current identity of a store's data (asked only where it matters)
   * @param reassessor what a changed checksum of an applied versioned step means
   * @param notApplicable why a step does not run on the target at all, if it does not
   */
  public record Inputs(String context, List<StepDefinition> steps, Ledger.History ledger, boolean lockHeldElsewhere,
      Function<Store, String> identities, Reassessor reassessor, Function<StepDefinition, Optional<String>> notApplicable) {
    /** Inputs where every step runs on the target. */
    public Inputs(String context, List<StepDefinition> steps, Ledger.History ledger, boolean lockHeldElsewhere,
        Function<Store, String> identities, Reassessor reassessor) {
      this(context, steps, ledger, lockHeldElsewhere, identities, reassessor, step -> Optional.empty());
    }
  }

  /** Every step in release order, then ledger entries whose files are gone. */
  public static List<Assessment> assess(Inputs in) {
    List<Assessment> result = new ArrayList<>();
    for (StepDefinition step : in.steps()) {
      Optional<LedgerEntry> last = Optional.ofNullable(in.ledger().latest().get(step.id().key()));
      Optional<LedgerEntry> applied = Optional.ofNullable(in.ledger().lastApplied().get(step.id().key()));
      Decision d = decide(in, step, last, applied);
      result.add(new Assessment(Optional.of(step), status(step, d.state(), d.reason(), last, applied), last, applied));
    }
    Set<String> known = in.steps().stream().map(s -> s.id().key()).collect(Collectors.toSet());
    for (LedgerEntry entry : in.ledger().latest().values()) {
      if (!known.contains(entry.key()) && entry.outcome() != LedgerEntry.Outcome.FORGOTTEN) {
        result.add(new Assessment(Optional.empty(), missing(entry), Optional.of(entry), Optional.of(entry)));
      }
    }
    return result;
  }

  private record Decision(StepState state, String reason) {}

  private static Decision decide(Inputs in, StepDefinition step, Optional<LedgerEntry> last, Optional<LedgerEntry> applied) {
    if (!step.inContext(in.context())) {
      return new Decision(StepState.NOT_IN_CONTEXT, "runs in " + String.join(", ", step.contexts()));
    }
    Optional<String> notApplicable = in.notApplicable().apply(step);
    if (notApplicable.isPresent()) {
      return new Decision(StepState.NOT_APPLICABLE, notApplicable.get());
    }
    if (last.isEmpty() || last.get().outcome() == LedgerEntry.Outcome.FORGOTTEN) {
      return new Decision(StepState.PENDING, "");
    }
    LedgerEntry entry = last.get();
    switch (entry.outcome()) {
      case STARTED -> {
        return in.lockHeldElsewhere()
            ? new Decision(StepState.RUNNING, "being applied by another release")
            : new Decision(StepState.INTERRUPTED, "interrupted at " + entry.startedAt() + "; will be retried");
      }
      case FAILED -> {
        return new Decision(StepState.FAILED, "failed at " + entry.startedAt() + "; will be retried");
      }
      case ROLLED_BACK -> {
        return new Decision(StepState.PENDING, "changesets were rolled back");
      }
      default -> {
        // SUCCEEDED or REPAIRED: its effect is in place, as far as the ledger knows
      }
    }
    if (step.store() != Store.POSTGRES) {
      String now = in.identities().apply(step.store());
      if (!now.equals(entry.storeIdentity().orElse(""))) {
        String what = step.store() == Store.DYNAMODB ? "the table" : "the user pool";
        String reason = StoreIdentities.ABSENT.equals(now)
            ? what + " is gone since it was applied"
            : what + " was recreated since it was applied";
        return new Decision(StepState.LOST, reason + "; will run again");
      }
    }
    if (step.runsEveryRelease()) {
      return new Decision(StepState.EVERY_RELEASE, "runs on every release");
    }
    if (entry.checksum().equals(step.checksum())) {
      return new Decision(StepState.APPLIED, step.action().appliedDetail(entry).orElse(""));
    }
    if (!step.id().versioned()) {
      return new Decision(StepState.OUTDATED, "changed since it was applied; will run again");
    }
    Reassessment r = in.reassessor().reassess(step, entry);
    return r.isDrift()
        ? new Decision(StepState.CHANGED, String.join("; ", r.drift()))
        : new Decision(StepState.PENDING, r.pending());
  }

  /** A step's status from its definition and ledger rows. */
  public static StepStatus status(StepDefinition step, StepState state, String reason, Optional<LedgerEntry> last,
      Optional<LedgerEntry> applied) {
    return new StepStatus(step.id().key(), step.description(), step.kind(), step.store(), step.file(), step.contexts(),
        Optional.of(step.checksum()), applied.map(LedgerEntry::checksum), state, reason,
        last.map(LedgerEntry::startedAt), last.map(LedgerEntry::appliedBy), last.flatMap(LedgerEntry::durationMs),
        last.flatMap(LedgerEntry::error));
  }

  private static StepStatus missing(LedgerEntry entry) {
    Store store = Store.valueOf(entry.store().toUpperCase(java.util.Locale.ROOT));
    return new StepStatus(entry.key(), entry.description(), entry.kind(), store, entry.file(), List.of(),
        Optional.empty(), Optional.of(entry.checksum()), StepState.MISSING,
        "applied on " + entry.startedAt() + " but " + entry.file() + " is gone",
        Optional.of(entry.startedAt()), Optional.of(entry.appliedBy()), entry.durationMs(), entry.error());
  }
}
