package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.api.BaselineResult;
import app.cruddur.ops.runner.api.BaselineResult.ChangesetBaseline;
import app.cruddur.ops.runner.api.BaselineResult.Judgement;
import app.cruddur.ops.runner.api.BaselineResult.StepBaseline;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.baseline.ChangelogJudgement;
import app.cruddur.ops.runner.internal.cognito.UserPools;
import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseStepKind;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code cruddur baseline}: adopts a target made without the runner (Flyway's {@code baseline},
 * Liquibase's {@code changelog-sync}, but seeing rather than told). Every step in the context is
 * judged against the live stores before the lock: a liquibase step changeset by changeset ({@link
 * ChangelogJudgement}: present, absent or different), the table by its keys, indexes and stream,
 * the user pool by its name. Then, under the release lock: the reconciling changesets written (when
 * a difference would break something), the changesets present or different recorded in
 * DATABASECHANGELOG, and a step whose whole effect is there recorded BASELINED in the ledger.
 * Absent effects are left for the release. {@code --plan} judges and writes nothing; off the local
 * target the database's name must be repeated ({@code --confirm}).
 */
public record Baseline(ReleaseSession release, boolean plan, Optional<String> confirm)
    implements Operation<BaselineResult> {

  /** A step judged, with what acting on it needs. */
  private record Judged(
      StepDefinition step, StepBaseline view, Optional<ChangelogJudgement> changelog) {}

  /** What a liquibase step baselined whole records: the form its kind reads back. */
  private record LiquibaseDetails(
      String changelog, String treeChecksum, Map<String, String> changesets) {}

  @Override
  public BaselineResult run() {
    Connections session = release.session();
    if (!plan && !session.target().local()) {
      String database = session.postgres().describe();
      String name = session.postgres().databaseName();
      if (!confirm.filter(name::equals).isPresent()) {
        throw CruddurException.of(
            ErrorCode.NEEDS_CONFIRMATION,
            "baseline on " + release.target() + " (" + database + ") needs confirmation",
            "Repeat the database's name: --confirm "
                + name
                + " (--plan shows what it would record)");
      }
    }
    release.checkTarget();
    Ledger.History history = release.read("cruddur baseline", Ledger::read);
    List<Judged> judged = new ArrayList<>();
    for (StepDefinition step : release.catalog().steps()) {
      if (step.inContext(release.context())) {
        judged.add(judge(step, history));
      }
    }
    Optional<String> reconciling =
        judged.stream()
            .flatMap(j -> j.changelog().flatMap(ChangelogJudgement::reconcilingFile).stream())
            .findFirst();
    List<String> reconcilingIds =
        judged.stream()
            .flatMap(j -> j.changelog().stream())
            .flatMap(c -> c.reconcilingIds().stream())
            .toList();
    BaselineResult result =
        new BaselineResult(
            release.target(),
            release.context(),
            plan,
            judged.stream().map(Judged::view).toList(),
            reconciling,
            reconcilingIds,
            List.of());
    if (plan) {
      return result;
    }
    UUID releaseId = UUID.randomUUID();
    return release.underLock(
        "cruddur baseline",
        ledger -> {
          Map<String, LedgerEntry> applied = ledger.read().lastApplied();
          StoreIdentities identities = new StoreIdentities(session);
          for (Judged j : judged) {
            StepDefinition step = j.step();
            if (applied.containsKey(step.id().key())) {
              continue; // applied meanwhile (another baseline or a release)
            }
            if (j.changelog().isPresent()) {
              ChangelogJudgement changelog = j.changelog().get();
              changelog.writeReconciling(release.projectDir());
              changelog.sync(release.projectDir(), ledger.connection());
            }
            if (j.view().baselined()) {
              Object details =
                  j.changelog()
                      .map(
                          c ->
                              (Object)
                                  new LiquibaseDetails(
                                      ((LiquibaseStepKind.LiquibaseStep) step.action()).changelog(),
                                      step.action().inputChecksum().orElse(""),
                                      c.checksums()))
                      .orElse(Map.of("baselined", "found in place"));
              ledger.record(
                  release.row(releaseId, step),
                  LedgerEntry.Outcome.BASELINED,
                  Instant.now(),
                  Json.mapper().valueToTree(details),
                  step.store() == Store.POSTGRES ? null : identities.of(step.store()));
            }
          }
          return result;
        });
  }

  private Judged judge(StepDefinition step, Ledger.History history) {
    Optional<String> notHere = step.action().notApplicableOn(release.session().target());
    if (notHere.isPresent()) {
      return simple(step, Judgement.NOT_APPLICABLE, false, notHere.get(), List.of());
    }
    if (history.lastApplied().containsKey(step.id().key())) {
      LedgerEntry entry = history.lastApplied().get(step.id().key());
      return simple(
          step,
          Judgement.APPLIED,
          false,
          entry.outcome().name().toLowerCase(java.util.Locale.ROOT)
              + " on "
              + entry.startedAt()
              + " by "
              + entry.appliedBy(),
          List.of());
    }
    if (step.action() instanceof LiquibaseStepKind.LiquibaseStep liquibase) {
      return liquibase(step, liquibase.changelog());
    }
    return switch (step.kind()) {
      case "dynamodb-table" -> table(step);
      case "cognito-users" -> pool(step);
      default ->
          simple(
              step,
              Judgement.NOT_JUDGED,
              false,
              step.runsEveryRelease()
                  ? "runs on every release"
                  : "data, not schema: left for the release",
              List.of());
    };
  }

  private Judged liquibase(StepDefinition step, String changelogPath) {
    ChangelogJudgement changelog =
        ChangelogJudgement.judge(
            release.projectDir(), changelogPath, release.context(), release.session().postgres());
    List<ChangesetBaseline> changesets = changelog.changesets();
    long synced = changesets.stream().filter(ChangesetBaseline::synced).count();
    boolean whole = changelog.wholePresent();
    Judgement judgement =
        whole
            ? Judgement.PRESENT
            : changesets.stream()
                    .allMatch(
                        c ->
                            c.judgement() == Judgement.ABSENT
                                || c.judgement() == Judgement.NOT_JUDGED)
                ? Judgement.ABSENT
                : Judgement.DIFFERENT;
    String note =
        whole
            ? "every changeset is there: recorded as baselined"
            : synced
                + " of "
                + changesets.size()
                + " changesets there (recorded in DATABASECHANGELOG); the release applies the"
                + " rest"
                + (changelog.reconcilingIds().isEmpty()
                    ? ""
                    : ", first the " + changelog.reconcilingIds().size() + " reconciling ones");
    return new Judged(
        step,
        new StepBaseline(
            step.id().key(),
            step.description(),
            step.kind(),
            judgement,
            whole,
            note,
            List.of(),
            changesets),
        Optional.of(changelog));
  }

  private Judged table(StepDefinition step) {
    Connections session = release.session();
    String name = session.names().tableName();
    Optional<TableDescription> table;
    try {
      table = TableSchema.describe(session.dynamo(), name);
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "describing table " + name, session.aws().describeDynamoDb());
    }
    boolean owned = session.target().owns(Store.DYNAMODB);
    if (table.isEmpty()) {
      return simple(
          step,
          Judgement.ABSENT,
          false,
          owned ? "the release creates table " + name : "the CDK app must deploy table " + name,
          List.of());
    }
    List<String> differences = TableSchema.differences(MessagesTable.definition(name), table.get());
    if (differences.isEmpty()) {
      return simple(
          step, Judgement.PRESENT, true, "table " + name + " matches the model", List.of());
    }
    return simple(
        step,
        Judgement.DIFFERENT,
        false,
        owned
            ? "the release converges table " + name + " in place (its items kept)"
            : "the CDK app must bring table " + name + " to the model (npx cdk deploy)",
        differences);
  }

  private Judged pool(StepDefinition step) {
    Optional<String> pool = UserPools.find(release.session());
    return pool.isPresent()
        ? simple(
            step,
            Judgement.PRESENT,
            true,
            "user pool " + pool.get() + " kept as it is (never replaced; no users added)",
            List.of())
        : simple(step, Judgement.ABSENT, false, "the release creates the user pool", List.of());
  }

  private static Judged simple(
      StepDefinition step,
      Judgement judgement,
      boolean baselined,
      String note,
      List<String> differences) {
    return new Judged(
        step,
        new StepBaseline(
            step.id().key(),
            step.description(),
            step.kind(),
            judgement,
            baselined,
            note,
            differences,
            List.of()),
        Optional.empty());
  }
}
