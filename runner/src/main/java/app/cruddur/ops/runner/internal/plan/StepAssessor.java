package app.cruddur.ops.runner.internal.plan;

import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.step.Reassessment;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.stores.LostWrites;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides where every step stands, as Flyway's {@code MigrationInfoImpl.getState()} does: from the
 * ledger's rows, the catalog and the stores' identities, with no I/O of its own. The only question
 * it cannot answer alone, what a new checksum of a versioned step means, is put to the step's kind
 * through a {@link Reassessor}. Every applied step is checked against its file whatever its last
 * attempt did; a new step older than an applied one is out of order.
 */
public final class StepAssessor {
  private StepAssessor() {}

  /**
   * What a new checksum of a versioned step means since {@code since}: its last applied row, or,
   * for a step never applied, its last attempt (which may have applied part of it, as a failed
   * Liquibase update does). The kind decides: Liquibase looks at changesets.
   */
  @FunctionalInterface
  public interface Reassessor {
    Reassessment reassess(StepDefinition step, LedgerEntry since);
  }

  /**
   * Everything the decision takes.
   *
   * @param context the release context
   * @param steps the catalog's steps, in release order
   * @param ledger the ledger's latest and latest applied rows
   * @param lockHeldElsewhere another release holds the lock now, or the lease of a release whose
   *     slices are under way (a STARTED row is running, not interrupted; a PAUSED one is between
   *     slices, not waiting for the next release)
   * @param identities the current identity of a store's data (asked only where it matters)
   * @param reassessor what a changed checksum of a versioned step means
   * @param notApplicable why a step does not run on the target at all, if it does not
   * @param outOfOrder a new versioned step older than an applied one may run (Flyway's {@code
   *     outOfOrder})
   */
  public record Inputs(
      String context,
      List<StepDefinition> steps,
      Ledger.History ledger,
      boolean lockHeldElsewhere,
      Function<Store, String> identities,
      Reassessor reassessor,
      Function<StepDefinition, Optional<String>> notApplicable,
      boolean outOfOrder,
      Function<Store, Optional<LostWrites>> lostWrites) {
    /**
     * Inputs where every step runs on the target and out-of-order steps are refused, Flyway's
     * default.
     */
    public Inputs(
        String context,
        List<StepDefinition> steps,
        Ledger.History ledger,
        boolean lockHeldElsewhere,
        Function<Store, String> identities,
        Reassessor reassessor) {
      this(
          context,
          steps,
          ledger,
          lockHeldElsewhere,
          identities,
          reassessor,
          step -> Optional.empty(),
          false,
          store -> Optional.empty());
    }
  }

  /** Every step in release order, then applied ledger entries whose files are gone. */
  public static List<Assessment> assess(Inputs in) {
    List<Assessment> result = new ArrayList<>();
    // a step cruddur baseline found in place was never run: it says nothing of the steps' order
    Optional<StepDefinition> newestApplied =
        in.steps().stream()
            .filter(
                s ->
                    s.id().versioned()
                        && Optional.ofNullable(in.ledger().lastApplied().get(s.id().key()))
                            .filter(e -> e.outcome() != LedgerEntry.Outcome.BASELINED)
                            .isPresent())
            .max(Comparator.comparing(StepDefinition::id));
    for (StepDefinition step : in.steps()) {
      Optional<LedgerEntry> last = Optional.ofNullable(in.ledger().latest().get(step.id().key()));
      Optional<LedgerEntry> applied =
          Optional.ofNullable(in.ledger().lastApplied().get(step.id().key()));
      Decision d = decide(in, step, last, applied, newestApplied);
      result.add(
          new Assessment(
              Optional.of(step),
              status(step, d.state(), d.reason(), last, applied),
              last,
              applied));
    }
    Set<String> known = in.steps().stream().map(s -> s.id().key()).collect(Collectors.toSet());
    for (LedgerEntry entry : in.ledger().latest().values()) {
      // a step that failed and was never applied left nothing behind: its deletion is not drift
      LedgerEntry applied = in.ledger().lastApplied().get(entry.key());
      if (!known.contains(entry.key())
          && entry.outcome() != LedgerEntry.Outcome.FORGOTTEN
          && applied != null) {
        result.add(
            new Assessment(
                Optional.empty(), missing(applied), Optional.of(entry), Optional.of(applied)));
      }
    }
    return result;
  }

  private record Decision(StepState state, String reason) {}

  private static Decision decide(
      Inputs in,
      StepDefinition step,
      Optional<LedgerEntry> last,
      Optional<LedgerEntry> applied,
      Optional<StepDefinition> newestApplied) {
    if (!step.inContext(in.context())) {
      return new Decision(
          StepState.NOT_IN_CONTEXT, "runs in " + String.join(", ", step.contexts()));
    }
    Optional<String> notApplicable = in.notApplicable().apply(step);
    if (notApplicable.isPresent()) {
      return new Decision(StepState.NOT_APPLICABLE, notApplicable.get());
    }
    if (last.isEmpty() || last.get().outcome() == LedgerEntry.Outcome.FORGOTTEN) {
      return outOfOrder(in, step, newestApplied).orElse(new Decision(StepState.PENDING, ""));
    }
    LedgerEntry entry = last.get();
    // Every applied step is checked against its file whatever its last attempt did (failed,
    // interrupted, rolled back), as Flyway's validate does: an edit made after a failure is drift
    // too.
    // A step never applied is checked against what its last attempt may have applied.
    boolean inPlace = applied.isEmpty() || effectInPlace(in, step, applied.get());
    Optional<Reassessment> changed =
        inPlace ? reassessment(in, step, applied.orElse(entry)) : Optional.empty();
    if (changed.isPresent() && changed.get().isDrift()) {
      return new Decision(StepState.CHANGED, String.join("; ", changed.get().drift()));
    }
    boolean running =
        (entry.outcome() == LedgerEntry.Outcome.STARTED
                || entry.outcome() == LedgerEntry.Outcome.PAUSED)
            && in.lockHeldElsewhere();
    if (applied.isEmpty() && !running) {
      Optional<Decision> refused =
          outOfOrder(in, step, newestApplied).filter(o -> o.state() == StepState.OUT_OF_ORDER);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    switch (entry.outcome()) {
      case STARTED -> {
        return running
            ? new Decision(StepState.RUNNING, "being applied by another release")
            : new Decision(
                StepState.INTERRUPTED, "interrupted at " + entry.startedAt() + "; will be retried");
      }
      case PAUSED -> {
        String where = step.action().appliedDetail(entry).map(d -> " (" + d + ")").orElse("");
        // what it wrote since the local engine's snapshot is gone: it is not continued from there
        String continues =
            in.lostWrites()
                .apply(step.store())
                .filter(w -> w.covers(entry))
                .map(w -> "; " + w.reason() + ": the next release does again what it did since")
                .orElse("; the next release continues it");
        return running
            ? new Decision(StepState.RUNNING, "between slices of the release in progress" + where)
            : new Decision(
                StepState.PAUSED,
                "paused at " + entry.finishedAt().orElse(entry.startedAt()) + where + continues);
      }
      case FAILED -> {
        return new Decision(
            StepState.FAILED, "failed at " + entry.startedAt() + "; will be retried");
      }
      case ROLLED_BACK -> {
        return new Decision(StepState.PENDING, "changesets were rolled back");
      }
      default -> {
        // SUCCEEDED, REPAIRED or BASELINED: its effect is in place, as far as the ledger knows
      }
    }
    Optional<LostWrites> lost =
        applied.flatMap(a -> in.lostWrites().apply(step.store()).filter(w -> w.covers(a)));
    if (inPlace && lost.isPresent()) {
      return new Decision(StepState.LOST, lost.get().reason() + "; will run again");
    }
    if (!inPlace) {
      String now = in.identities().apply(step.store());
      String what = step.store() == Store.DYNAMODB ? "the table" : "the user pool";
      String reason =
          StoreIdentities.ABSENT.equals(now)
              ? what + " is gone since it was applied"
              : what + " was recreated since it was applied";
      return new Decision(StepState.LOST, reason + "; will run again");
    }
    if (step.runsEveryRelease()) {
      return new Decision(StepState.EVERY_RELEASE, "runs on every release");
    }
    if (entry.checksum().equals(step.checksum())) {
      return new Decision(
          StepState.APPLIED,
          entry.outcome() == LedgerEntry.Outcome.BASELINED
              ? "baselined: found in place by cruddur baseline, never run"
              : step.action().appliedDetail(entry).orElse(""));
    }
    if (!step.id().versioned()) {
      return new Decision(StepState.OUTDATED, "changed since it was applied; will run again");
    }
    return new Decision(StepState.PENDING, changed.map(Reassessment::pending).orElse(""));
  }

  /**
   * True when the store still holds what the step applied (PostgreSQL always: the ledger lives in
   * it).
   */
  private static boolean effectInPlace(Inputs in, StepDefinition step, LedgerEntry applied) {
    return step.store() == Store.POSTGRES
        || in.identities().apply(step.store()).equals(applied.storeIdentity().orElse(""));
  }

  /**
   * What the kind says of a versioned step whose checksum is not the one of {@code since}; empty
   * when unchanged.
   */
  private static Optional<Reassessment> reassessment(
      Inputs in, StepDefinition step, LedgerEntry since) {
    if (!step.id().versioned()
        || step.runsEveryRelease()
        || since.checksum().equals(step.checksum())) {
      return Optional.empty();
    }
    return Optional.of(in.reassessor().reassess(step, since));
  }

  /**
   * A versioned step never applied whose version is below one already applied, refused unless
   * allowed: Flyway's default, since it would run after steps that were written after it.
   */
  private static Optional<Decision> outOfOrder(
      Inputs in, StepDefinition step, Optional<StepDefinition> newestApplied) {
    if (!step.id().versioned()
        || newestApplied.isEmpty()
        || newestApplied.get().id().compareTo(step.id()) < 0) {
      return Optional.empty();
    }
    String newer = newestApplied.get().id().key();
    return Optional.of(
        in.outOfOrder()
            ? new Decision(
                StepState.PENDING,
                "out of order (older than the applied " + newer + "); runs with --out-of-order")
            : new Decision(
                StepState.OUT_OF_ORDER, "is older than " + newer + ", which is applied"));
  }

  /** A step's status from its definition and ledger rows. */
  public static StepStatus status(
      StepDefinition step,
      StepState state,
      String reason,
      Optional<LedgerEntry> last,
      Optional<LedgerEntry> applied) {
    return new StepStatus(
        step.id().key(),
        step.description(),
        step.kind(),
        step.store(),
        step.file(),
        step.contexts(),
        Optional.of(step.checksum()),
        applied.map(LedgerEntry::checksum),
        state,
        reason,
        last.map(LedgerEntry::startedAt),
        last.map(LedgerEntry::appliedBy),
        last.flatMap(LedgerEntry::durationMs),
        last.flatMap(LedgerEntry::error));
  }

  private static StepStatus missing(LedgerEntry entry) {
    Store store = Store.valueOf(entry.store().toUpperCase(java.util.Locale.ROOT));
    return new StepStatus(
        entry.key(),
        entry.description(),
        entry.kind(),
        store,
        entry.file(),
        List.of(),
        Optional.empty(),
        Optional.of(entry.checksum()),
        StepState.MISSING,
        "applied on " + entry.startedAt() + " but " + entry.file() + " is gone",
        Optional.of(entry.startedAt()),
        Optional.of(entry.appliedBy()),
        entry.durationMs(),
        entry.error());
  }
}
