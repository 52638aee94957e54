package app.cruddur.ops.runner.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.step.Reassessment;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.stepfile.StepId;
import app.cruddur.ops.runner.internal.stores.LostWrites;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every state a step can be in, decided from ledger rows, the catalog and store identities alone.
 */
class StepAssessorTest {
  static final String TABLE_NOW = "table cruddur-messages id 2";

  final Map<String, LedgerEntry> latest = new LinkedHashMap<>();
  final Map<String, LedgerEntry> lastApplied = new LinkedHashMap<>();
  final List<String> reassessed = new ArrayList<>();
  Reassessment reassessment = Reassessment.pending("1 changeset: 004-bio");
  boolean lockHeldElsewhere;
  boolean outOfOrderAllowed;
  String notApplicable;
  long rowId;

  /** What the local engine came back without, if it lost writes (rows start 10:00:00Z). */
  Optional<LostWrites> lostWrites = Optional.empty();

  static StepDefinition step(
      String file,
      String kind,
      Store store,
      boolean everyRelease,
      List<String> contexts,
      String checksum) {
    return new StepDefinition(
        StepId.fromFileName(file).orElseThrow(),
        "a step",
        kind,
        store,
        everyRelease,
        contexts,
        "seeders/" + file,
        checksum,
        context -> StepOutcome.of("done"));
  }

  static final StepDefinition SCHEMA =
      step("V001__schema.yaml", "liquibase", Store.POSTGRES, false, List.of(), "c1:schema");
  static final StepDefinition TABLE =
      step(
          "V002__messages_table.yaml",
          "dynamodb-table",
          Store.DYNAMODB,
          false,
          List.of(),
          "c1:table");
  static final StepDefinition DEV_SEED =
      step(
          "V004__dev_conversation.yaml",
          "dynamodb-seed",
          Store.DYNAMODB,
          false,
          List.of("dev"),
          "c1:seed");
  static final StepDefinition SYNC =
      step("R__cognito_sync.yaml", "cognito-sync", Store.POSTGRES, true, List.of(), "c1:sync");
  static final StepDefinition REPEATABLE =
      step("R__reference_data.yaml", "dynamodb-seed", Store.DYNAMODB, false, List.of(), "c1:new");

  /**
   * Records a ledger row for {@code step} as its latest (and as its last applied when it is
   * applied; a deletion accepted by repair forgets the applied row, as {@code Ledger.read} does).
   */
  void row(
      StepDefinition step, LedgerEntry.Outcome outcome, String checksum, String storeIdentity) {
    LedgerEntry entry =
        new LedgerEntry(
            ++rowId,
            UUID.randomUUID(),
            step.id().key(),
            step.description(),
            step.kind(),
            step.store().label(),
            step.file(),
            checksum,
            Optional.ofNullable(storeIdentity),
            "dev",
            NullNode.getInstance(),
            outcome,
            "someone@host pid 1",
            Instant.parse("2026-11-01T10:00:00Z"),
            Optional.empty(),
            Optional.of(120L),
            Optional.empty());
    latest.put(entry.key(), entry);
    if (entry.applied()) {
      lastApplied.put(entry.key(), entry);
    } else if (outcome == LedgerEntry.Outcome.FORGOTTEN) {
      lastApplied.remove(entry.key());
    }
  }

  List<StepStatus> assess(String context, StepDefinition... steps) {
    return StepAssessor.assess(
            new StepAssessor.Inputs(
                context,
                List.of(steps),
                new Ledger.History(latest, lastApplied),
                lockHeldElsewhere,
                store -> store == Store.DYNAMODB ? TABLE_NOW : "pool p1 created 1",
                (step, applied) -> {
                  reassessed.add(
                      step.id().key()
                          + (applied.applied() ? " applied with " : " attempted with ")
                          + applied.checksum());
                  return reassessment;
                },
                step ->
                    step.kind().equals("cognito-users")
                        ? Optional.ofNullable(notApplicable)
                        : Optional.empty(),
                outOfOrderAllowed,
                store -> store == Store.POSTGRES ? Optional.empty() : lostWrites))
        .stream()
        .map(Assessment::status)
        .toList();
  }

  StepStatus only(String context, StepDefinition step) {
    List<StepStatus> all = assess(context, step);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void aStepTheLedgerHasNeverSeenIsPending() {
    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.PENDING);
    assertThat(s.state().willRun()).isTrue();
    assertThat(s.appliedChecksum()).isEmpty();
    assertThat(s.checksum()).contains("c1:schema");
  }

  @Test
  void aStepAppliedWithTheSameChecksumIsApplied() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:schema", null);

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.APPLIED);
    assertThat(s.appliedChecksum()).contains("c1:schema");
    assertThat(s.appliedBy()).contains("someone@host pid 1");
    assertThat(reassessed).isEmpty();
  }

  @Test
  void aRepairedStepCountsAsApplied() {
    row(SCHEMA, LedgerEntry.Outcome.REPAIRED, "c1:schema", null);

    assertThat(only("dev", SCHEMA).state()).isEqualTo(StepState.APPLIED);
  }

  @Test
  void aStepWhoseLastRunFailedIsFailedAndRetried() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:old", null);
    row(SCHEMA, LedgerEntry.Outcome.FAILED, "c1:schema", null);

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.FAILED);
    assertThat(s.state().willRun()).isTrue();
    assertThat(s.reason()).startsWith("failed at 2026-11-01T10:00:00Z");
    assertThat(s.appliedChecksum()).as("the checksum it was last applied with").contains("c1:old");
  }

  @Test
  void aStartedRowWithNobodyHoldingTheLockIsInterrupted() {
    row(SCHEMA, LedgerEntry.Outcome.STARTED, "c1:schema", null);

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.INTERRUPTED);
    assertThat(s.state().willRun()).isTrue();
    assertThat(s.reason()).contains("will be retried");
  }

  @Test
  void aStartedRowWhileAnotherReleaseHoldsTheLockIsRunning() {
    row(SCHEMA, LedgerEntry.Outcome.STARTED, "c1:schema", null);
    lockHeldElsewhere = true;

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.RUNNING);
    assertThat(s.state().willRun()).isFalse();
  }

  @Test
  void aStepItsSliceStoppedAtABoundaryIsPausedAndContinuedByTheNextRelease() {
    row(SCHEMA, LedgerEntry.Outcome.PAUSED, "c1:schema", null);

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.PAUSED);
    assertThat(s.state().willRun()).isTrue();
    assertThat(s.reason()).startsWith("paused at ").endsWith("; the next release continues it");
  }

  @Test
  void aPausedStepBetweenTheSlicesOfAReleaseInProgressIsRunning() {
    row(SCHEMA, LedgerEntry.Outcome.PAUSED, "c1:schema", null);
    lockHeldElsewhere = true;

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.RUNNING);
    assertThat(s.reason()).startsWith("between slices of the release in progress");
    assertThat(s.state().willRun()).isFalse();
  }

  @Test
  void aRolledBackStepIsPendingAgain() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:schema", null);
    row(SCHEMA, LedgerEntry.Outcome.ROLLED_BACK, "c1:schema", null);

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.PENDING);
    assertThat(s.reason()).isEqualTo("changesets were rolled back");
  }

  @Test
  void aStepOfAStoreWhoseIdentityChangedIsLost() {
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:table", "table cruddur-messages id 1");

    StepStatus s = only("dev", TABLE);

    assertThat(s.state()).isEqualTo(StepState.LOST);
    assertThat(s.state().willRun()).isTrue();
    assertThat(s.reason())
        .isEqualTo("the table was recreated since it was applied; will run again");
  }

  @Test
  void aStepAppliedWhileTheLocalEngineLostItsLastWritesRunsAgain() {
    row(DEV_SEED, LedgerEntry.Outcome.SUCCEEDED, "c1:seed", TABLE_NOW);
    lostWrites = lost("2026-11-01T09:59:58Z", "2026-11-01T10:05:00Z");

    StepStatus s = assess("dev", DEV_SEED).get(0);

    assertThat(s.state()).isEqualTo(StepState.LOST);
    assertThat(s.reason())
        .isEqualTo(
            "the local engine came back without the changes since 2026-11-01T09:59:58Z; will run"
                + " again");
  }

  @Test
  void aStepPausedWhileTheLocalEngineLostItsLastWritesIsDoneAgainFromBefore() {
    row(DEV_SEED, LedgerEntry.Outcome.PAUSED, "c1:seed", TABLE_NOW);
    lostWrites = lost("2026-11-01T09:59:58Z", "2026-11-01T10:05:00Z");

    StepStatus s = assess("dev", DEV_SEED).get(0);

    assertThat(s.state()).isEqualTo(StepState.PAUSED);
    assertThat(s.reason())
        .startsWith("paused at ")
        .endsWith(
            "; the local engine came back without the changes since 2026-11-01T09:59:58Z: the"
                + " next release does again what it did since");
  }

  @Test
  void aStepAppliedBeforeTheLostWritesOrAfterTheRestartIsInPlace() {
    row(DEV_SEED, LedgerEntry.Outcome.SUCCEEDED, "c1:seed", TABLE_NOW);
    lostWrites = lost("2026-11-01T10:01:00Z", "2026-11-01T10:05:00Z");
    assertThat(assess("dev", DEV_SEED).get(0).state()).isEqualTo(StepState.APPLIED);

    lostWrites = lost("2026-11-01T09:00:00Z", "2026-11-01T09:30:00Z");
    assertThat(assess("dev", DEV_SEED).get(0).state()).isEqualTo(StepState.APPLIED);
  }

  @Test
  void postgresStepsNeverLoseWritesToTheLocalEngine() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:schema", null);
    lostWrites = lost("2026-11-01T09:59:58Z", "2026-11-01T10:05:00Z");

    assertThat(assess("dev", SCHEMA).get(0).state()).isEqualTo(StepState.APPLIED);
  }

  @Test
  void aStepOfAStoreThatIsGoneIsLostToo() {
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:table", "table cruddur-messages id 1");

    StepStatus s =
        StepAssessor.assess(
                new StepAssessor.Inputs(
                    "dev",
                    List.of(TABLE),
                    new Ledger.History(latest, lastApplied),
                    false,
                    store -> StoreIdentities.ABSENT,
                    (step, applied) -> reassessment))
            .get(0)
            .status();

    assertThat(s.state()).isEqualTo(StepState.LOST);
    assertThat(s.reason()).isEqualTo("the table is gone since it was applied; will run again");
  }

  @Test
  void aStepOfTheSameStoreIdentityIsApplied() {
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:table", TABLE_NOW);

    assertThat(only("dev", TABLE).state()).isEqualTo(StepState.APPLIED);
  }

  @Test
  void aSyncStepRunsOnEveryReleaseOnceApplied() {
    row(SYNC, LedgerEntry.Outcome.SUCCEEDED, "c1:sync", null);

    StepStatus s = only("dev", SYNC);

    assertThat(s.state()).isEqualTo(StepState.EVERY_RELEASE);
    assertThat(s.state().willRun()).isTrue();
  }

  @Test
  void aRepeatableStepWhoseFileChangedIsOutdatedAndRunsAgainWithoutAskingItsKind() {
    row(REPEATABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:old", TABLE_NOW);

    StepStatus s = only("dev", REPEATABLE);

    assertThat(s.state()).isEqualTo(StepState.OUTDATED);
    assertThat(s.state().willRun()).isTrue();
    assertThat(s.state().drift()).isFalse();
    assertThat(s.reason()).isEqualTo("changed since it was applied; will run again");
    assertThat(reassessed).isEmpty();
  }

  @Test
  void aVersionedStepWhoseFileChangedIsChangedWhenItsKindSaysDrift() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:old", null);
    reassessment =
        Reassessment.drift(
            "migrations/001_users.sql changeset 001-users (cruddur) changed since it was applied");

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.CHANGED);
    assertThat(s.state().drift()).isTrue();
    assertThat(s.state().willRun()).isFalse();
    assertThat(s.reason()).contains("001-users (cruddur) changed since it was applied");
    assertThat(s.appliedChecksum()).contains("c1:old");
    assertThat(s.checksum()).contains("c1:schema");
    assertThat(reassessed).containsExactly("V001 applied with c1:old");
  }

  @Test
  void aVersionedStepWhoseFileChangedIsPendingWhenItsKindFindsNewWork() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:old", null);

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.PENDING);
    assertThat(s.reason()).isEqualTo("1 changeset: 004-bio");
  }

  @Test
  void anAppliedStepWhoseFileIsGoneIsMissing() {
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:table", TABLE_NOW);

    List<StepStatus> all = assess("dev", SCHEMA);

    assertThat(all).extracting(StepStatus::version).containsExactly("V001", "V002");
    StepStatus missing = all.get(1);
    assertThat(missing.state()).isEqualTo(StepState.MISSING);
    assertThat(missing.state().drift()).isTrue();
    assertThat(missing.checksum()).isEmpty();
    assertThat(missing.appliedChecksum()).contains("c1:table");
    assertThat(missing.reason())
        .isEqualTo("applied on 2026-11-01T10:00:00Z but seeders/V002__messages_table.yaml is gone");
  }

  @Test
  void aDeletionAcceptedByRepairIsForgottenAndNoLongerListed() {
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:table", TABLE_NOW);
    row(TABLE, LedgerEntry.Outcome.FORGOTTEN, "c1:table", TABLE_NOW);

    assertThat(assess("dev", SCHEMA)).extracting(StepStatus::version).containsExactly("V001");
  }

  @Test
  void aForgottenStepWhoseFileCameBackIsPendingAgain() {
    row(TABLE, LedgerEntry.Outcome.FORGOTTEN, "c1:table", TABLE_NOW);

    assertThat(only("dev", TABLE).state()).isEqualTo(StepState.PENDING);
  }

  @Test
  void aStepOfAnotherContextIsNotInContextWhateverTheLedgerSays() {
    row(DEV_SEED, LedgerEntry.Outcome.FAILED, "c1:seed", null);

    StepStatus s = only("prod", DEV_SEED);

    assertThat(s.state()).isEqualTo(StepState.NOT_IN_CONTEXT);
    assertThat(s.state().willRun()).isFalse();
    assertThat(s.reason()).isEqualTo("runs in dev");
  }

  static final StepDefinition DEV_USERS =
      step(
          "V003__cognito_dev_users.yaml",
          "cognito-users",
          Store.COGNITO,
          false,
          List.of("dev"),
          "c1:users");

  @Test
  void aStepWhoseKindDoesNotRunOnTheTargetIsNotApplicableAndNeverRuns() {
    notApplicable = "local only";
    row(DEV_USERS, LedgerEntry.Outcome.FAILED, "c1:users", null);

    StepStatus s = only("dev", DEV_USERS);

    assertThat(s.state()).isEqualTo(StepState.NOT_APPLICABLE);
    assertThat(s.state().willRun()).isFalse();
    assertThat(s.state().drift()).isFalse();
    assertThat(s.reason()).isEqualTo("local only");
    assertThat(only("prod", DEV_USERS).state())
        .as("out of context first")
        .isEqualTo(StepState.NOT_IN_CONTEXT);
    notApplicable = null;
    assertThat(only("dev", DEV_USERS).state())
        .as("where it runs, the ledger decides")
        .isEqualTo(StepState.FAILED);
  }

  @Test
  void anAppliedStepIsCheckedForDriftWhateverItsLastAttemptDid() {
    reassessment =
        Reassessment.drift(
            "migrations/001_users.sql changeset 001-users (cruddur) changed since it was applied");
    for (LedgerEntry.Outcome lastAttempt :
        List.of(
            LedgerEntry.Outcome.FAILED,
            LedgerEntry.Outcome.STARTED,
            LedgerEntry.Outcome.ROLLED_BACK)) {
      latest.clear();
      lastApplied.clear();
      reassessed.clear();
      row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:old", null);
      row(SCHEMA, lastAttempt, "c1:broken-new-changeset", null);

      StepStatus s = only("dev", SCHEMA);

      assertThat(s.state()).as("after a " + lastAttempt + " attempt").isEqualTo(StepState.CHANGED);
      assertThat(s.reason()).contains("001-users (cruddur) changed since it was applied");
      assertThat(reassessed)
          .as("asked against the applied row, not the attempt")
          .containsExactly("V001 applied with c1:old");
    }
  }

  @Test
  void anAppliedStepWhoseLastAttemptFailedWithoutDriftIsFailedAndRetried() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:old", null);
    row(SCHEMA, LedgerEntry.Outcome.FAILED, "c1:schema", null);

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.FAILED);
    assertThat(reassessed).containsExactly("V001 applied with c1:old");
  }

  @Test
  void aStepNeverAppliedIsCheckedAgainstWhatItsFailedAttemptMayHaveApplied() {
    row(SCHEMA, LedgerEntry.Outcome.FAILED, "c1:first-attempt", null);
    reassessment =
        Reassessment.drift(
            "migrations/001_users.sql changeset 001-users (cruddur) changed since it was applied");

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.CHANGED);
    assertThat(reassessed).containsExactly("V001 attempted with c1:first-attempt");
  }

  @Test
  void aStepWhoseStoreLostItsDataIsNotCheckedForDriftAfterAFailedRetry() {
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:old", "table cruddur-messages id 1");
    row(TABLE, LedgerEntry.Outcome.FAILED, "c1:table", null);
    reassessment = Reassessment.drift("its file changed since it was applied");

    StepStatus s = only("dev", TABLE);

    assertThat(s.state())
        .as("what was applied is gone with the table: the new file is applied afresh")
        .isEqualTo(StepState.FAILED);
    assertThat(reassessed).isEmpty();
  }

  @Test
  void aStepThatFailedAndWasNeverAppliedIsNotDriftWhenItsFileIsDeleted() {
    row(TABLE, LedgerEntry.Outcome.FAILED, "c1:table", null);
    row(DEV_SEED, LedgerEntry.Outcome.STARTED, "c1:seed", null);

    assertThat(assess("dev", SCHEMA)).extracting(StepStatus::version).containsExactly("V001");
  }

  @Test
  void anAppliedStepWhoseLaterAttemptFailedIsStillMissingWhenItsFileIsDeleted() {
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:table", TABLE_NOW);
    row(TABLE, LedgerEntry.Outcome.FAILED, "c1:newer", null);

    List<StepStatus> all = assess("dev", SCHEMA);

    assertThat(all)
        .extracting(StepStatus::state)
        .containsExactly(StepState.PENDING, StepState.MISSING);
    assertThat(all.get(1).appliedChecksum()).contains("c1:table");
  }

  static final StepDefinition LATE =
      step("V001_5__late.yaml", "dynamodb-seed", Store.DYNAMODB, false, List.of(), "c1:late");

  @Test
  void aBaselinedStepIsAppliedAndSaysSo() {
    row(SCHEMA, LedgerEntry.Outcome.BASELINED, "c1:schema", null);

    StepStatus s = only("dev", SCHEMA);

    assertThat(s.state()).isEqualTo(StepState.APPLIED);
    assertThat(s.reason()).isEqualTo("baselined: found in place by cruddur baseline, never run");
  }

  @Test
  void aStepBelowABaselinedOneIsPendingNotOutOfOrder() {
    // baseline found the table in place and left the schema to the release: nothing ran in order
    row(TABLE, LedgerEntry.Outcome.BASELINED, "c1:table", TABLE_NOW);

    List<StepStatus> all = assess("dev", SCHEMA, TABLE);

    assertThat(all)
        .extracting(StepStatus::state)
        .containsExactly(StepState.PENDING, StepState.APPLIED);
  }

  @Test
  void aNewStepOlderThanAnAppliedOneIsOutOfOrderAndRefused() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:schema", null);
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:table", TABLE_NOW);

    List<StepStatus> all = assess("dev", SCHEMA, LATE, TABLE);

    StepStatus late = all.get(1);
    assertThat(late.version()).isEqualTo("V001_5");
    assertThat(late.state()).isEqualTo(StepState.OUT_OF_ORDER);
    assertThat(late.state().willRun()).isFalse();
    assertThat(late.reason()).isEqualTo("is older than V002, which is applied");
    assertThat(Drift.of(all)).containsExactly(late);
    assertThat(Drift.error(Drift.of(all)).getMessage())
        .isEqualTo(
            "a new step is out of order: V001_5 seeders/V001_5__late.yaml is older than V002, which"
                + " is applied. Give it a version above every applied step (rename the file), or"
                + " apply it anyway with `cruddur release --out-of-order`");
  }

  @Test
  void anOutOfOrderStepRunsWhenAllowed() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:schema", null);
    row(TABLE, LedgerEntry.Outcome.SUCCEEDED, "c1:table", TABLE_NOW);
    outOfOrderAllowed = true;

    StepStatus late = assess("dev", SCHEMA, LATE, TABLE).get(1);

    assertThat(late.state()).isEqualTo(StepState.PENDING);
    assertThat(late.reason())
        .isEqualTo("out of order (older than the applied V002); runs with --out-of-order");
  }

  @Test
  void aNewStepAboveEveryAppliedOneAndAFailedFirstStepAreInOrder() {
    row(SCHEMA, LedgerEntry.Outcome.SUCCEEDED, "c1:schema", null);
    row(TABLE, LedgerEntry.Outcome.FAILED, "c1:table", null);

    List<StepStatus> all = assess("dev", SCHEMA, TABLE, DEV_SEED);

    assertThat(all)
        .extracting(StepStatus::state)
        .containsExactly(StepState.APPLIED, StepState.FAILED, StepState.PENDING);
  }

  @Test
  void everyStateIsCoveredByATestHere() {
    // a new state needs its rule in StepAssessor and its test in this class
    assertThat(StepState.values())
        .containsExactlyInAnyOrder(
            StepState.PENDING,
            StepState.APPLIED,
            StepState.FAILED,
            StepState.INTERRUPTED,
            StepState.PAUSED,
            StepState.RUNNING,
            StepState.OUTDATED,
            StepState.EVERY_RELEASE,
            StepState.LOST,
            StepState.CHANGED,
            StepState.MISSING,
            StepState.OUT_OF_ORDER,
            StepState.NOT_IN_CONTEXT,
            StepState.NOT_APPLICABLE);
  }

  /** The local engine came back at {@code restartedAt} without the changes since {@code since}. */
  private static Optional<LostWrites> lost(String since, String restartedAt) {
    return Optional.of(new LostWrites(Instant.parse(since), Instant.parse(restartedAt)));
  }
}
