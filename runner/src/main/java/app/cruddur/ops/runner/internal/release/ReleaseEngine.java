package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleasePlan;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.ledger.ReleaseLock;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.target.TargetSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The release engine: reads the steps, asks the ledger and the stores where each stands, and
 * applies what is pending in order under the target's lock, recording every attempt. The public
 * facade is {@link app.cruddur.ops.runner.api.Release}.
 */
public final class ReleaseEngine {
  private static final Logger LOG = Logger.getLogger(ReleaseEngine.class.getName());

  /**
   * What the engine needs.
   *
   * @param projectDir where {@code seeders/} and {@code migrations/} are
   * @param session the target
   * @param context the release context
   * @param lockWait how long to queue behind another release (zero: fail at once)
   * @param listener progress
   * @param actor user@host for the ledger
   * @param kinds the step kinds
   */
  public record Settings(Path projectDir, TargetSession session, String context, Duration lockWait,
      ReleaseListener listener, String actor, StepKinds kinds) {}

  private final Settings settings;
  private StepCatalog catalog;

  public ReleaseEngine(Settings settings) {
    this.settings = settings;
  }

  /** The steps, loaded and checked once (exit 2 on any bad file). */
  public synchronized StepCatalog catalog() {
    if (catalog == null) {
      catalog = StepCatalog.load(settings.projectDir(), settings.kinds());
      if (!catalog.knownContexts().contains(settings.context())) {
        throw CruddurException.usage("unknown context '" + settings.context() + "'",
            "Use one of: " + String.join(", ", catalog.knownContexts()));
      }
    }
    return catalog;
  }

  /** Where every step stands, without taking the lock. */
  public ReleaseStatus status() {
    StepCatalog steps = catalog();
    return withConnection("cruddur status", c -> {
      Optional<String> holder = ReleaseLock.holder(c);
      List<Assessed> assessed = assess(steps, c, holder.isPresent(), new StoreIdentities(settings.session()), true);
      return new ReleaseStatus(settings.session().target().describe(), settings.context(),
          assessed.stream().map(Assessed::status).toList(), holder);
    });
  }

  /** Checks applied steps against their files; the drift, if any (empty: valid). */
  public List<StepStatus> validate() {
    return status().drift();
  }

  /** What a release would do; with {@code withSql}, the SQL of pending Liquibase steps too. */
  public ReleasePlan plan(boolean withSql) {
    StepCatalog steps = catalog();
    return withConnection("cruddur plan", c -> {
      Optional<String> holder = ReleaseLock.holder(c);
      StoreIdentities identities = new StoreIdentities(settings.session());
      List<Assessed> assessed = assess(steps, c, holder.isPresent(), identities, true);
      Map<String, String> sql = new LinkedHashMap<>();
      if (withSql) {
        for (Assessed a : assessed) {
          if (a.status().state().willRun() && a.step() != null) {
            a.step().action().preview(context(a)).ifPresent(text -> sql.put(a.step().id().key(), text));
          }
        }
      }
      return new ReleasePlan(settings.session().target().describe(), settings.context(),
          assessed.stream().map(Assessed::status).toList(), sql);
    });
  }

  /**
   * Applies every pending step accepted by {@code filter}, in order, under the target's lock.
   *
   * @throws CruddurException exit 3 on drift (nothing applied), 5 when locked, 1 or 4 when a step
   *     fails (recorded as failed; steps after it are not run)
   */
  public ReleaseResult apply(Predicate<StepDefinition> filter) {
    long start = System.nanoTime();
    StepCatalog steps = catalog();
    // Every step in context has its store's identity checked: build those AWS clients on another thread while
    // PostgreSQL is opened and the ledger read, instead of after (most of a no-op release's time otherwise).
    settings.session().prepareAwsClients(steps.steps().stream().filter(s -> s.inContext(settings.context()))
        .map(StepDefinition::store).collect(java.util.stream.Collectors.toSet()));
    PgConnections postgres = settings.session().postgres();
    UUID releaseId = UUID.randomUUID();
    Connection c = postgres.open("cruddur release " + settings.actor());
    try (c) {
      try (ReleaseLock lock = ReleaseLock.acquire(c, settings.lockWait())) {
        Ledger.ensureTable(c);
        StoreIdentities identities = new StoreIdentities(settings.session());
        List<Assessed> assessed = assess(steps, c, false, identities, false);
        List<StepStatus> drift = assessed.stream().map(Assessed::status).filter(s -> s.state().drift()).toList();
        if (!drift.isEmpty()) {
          throw driftError(drift);
        }
        List<Assessed> toRun = assessed.stream()
            .filter(a -> a.step() != null && a.status().state().willRun() && filter.test(a.step()))
            .toList();
        for (Assessed a : toRun) {
          a.step().action().prepare(context(a));
        }
        List<StepResult> results = new ArrayList<>();
        for (Assessed a : toRun) {
          results.add(run(c, releaseId, a, identities));
        }
        int already = (int) assessed.stream().filter(a -> a.status().state() == StepState.APPLIED).count();
        Set<Store> checked = EnumSet.noneOf(Store.class);
        checked.add(Store.POSTGRES);
        checked.addAll(identities.checked());
        List<app.cruddur.ops.runner.internal.aws.CallCounter.Stats> calls = settings.session().awsCalls();
        calls.forEach(call -> LOG.fine(() -> call.operation() + ": " + call.calls() + " calls, " + call.retries() + " SDK retries, "
            + call.failures() + " failed"));
        return new ReleaseResult(releaseId, settings.session().target().describe(), settings.context(), results,
            already, List.copyOf(checked), (System.nanoTime() - start) / 1_000_000, calls);
      }
    } catch (SQLException e) {
      throw PgConnections.isConnectionLoss(e) ? postgres.unreachable(e)
          : CruddurException.failed("the ledger could not be read or written: " + e.getMessage(),
              "Check the database user's rights on " + postgres.describe(), e);
    }
  }

  /**
   * Accepts a changed or deleted step deliberately: records its current checksum (or its deletion)
   * in the ledger so that validation passes again.
   */
  public String repair(String key) {
    StepCatalog steps = catalog();
    PgConnections postgres = settings.session().postgres();
    try (Connection c = postgres.open("cruddur repair " + settings.actor());
        ReleaseLock lock = ReleaseLock.acquire(c, settings.lockWait())) {
      Ledger.ensureTable(c);
      List<Assessed> assessed = assess(steps, c, false, new StoreIdentities(settings.session()), false);
      Assessed target = assessed.stream().filter(a -> a.status().version().equals(key)).findFirst()
          .orElseThrow(() -> CruddurException.usage("there is no step " + key,
              "See the steps with `cruddur status`"));
      StepState state = target.status().state();
      if (!state.drift()) {
        return "nothing to repair: " + key + " is " + state.label();
      }
      Instant now = Instant.now();
      if (state == StepState.MISSING) {
        LedgerEntry last = target.latest().orElseThrow();
        Ledger.record(c, new Ledger.NewRow(UUID.randomUUID(), key, last.description(), last.kind(), last.store(),
            last.file(), last.checksum(), settings.context(), settings.actor()), LedgerEntry.Outcome.FORGOTTEN, now,
            NullNode.getInstance(), last.storeIdentity().orElse(null));
        return "recorded that " + last.file() + " was deleted deliberately; " + key + " is no longer checked";
      }
      StepDefinition step = target.step();
      JsonNode details = step.action().repairDetails(context(target));
      Ledger.record(c, row(UUID.randomUUID(), step), LedgerEntry.Outcome.REPAIRED, now, details,
          target.lastApplied().flatMap(LedgerEntry::storeIdentity).orElse(null));
      return "accepted the current " + step.file() + " (" + Checksums.shortForm(step.checksum()) + ") for " + key;
    } catch (SQLException e) {
      throw postgres.unreachable(e);
    }
  }

  /**
   * Runs the seed steps of the context outside a release ({@code cruddur ddb seed}): the same code,
   * not recorded in the ledger (seeds are idempotent, so the next release may run them again).
   */
  public List<String> seedOutsideRelease() {
    List<String> summaries = new ArrayList<>();
    for (StepDefinition step : catalog().steps()) {
      if (step.inContext(settings.context())
          && app.cruddur.ops.runner.internal.steps.DynamoSeedStepKind.isSeed(step.action())) {
        StepContext context = bareContext(step);
        settings.listener().stepStarted(context.status());
        long t0 = System.nanoTime();
        var r = app.cruddur.ops.runner.internal.steps.DynamoSeedStepKind.seed(step.action(), context);
        String summary = "wrote " + r.messages() + " messages and " + r.groupRows() + " group rows";
        settings.listener().stepFinished(new StepResult(step.id().key(), step.kind(), step.store(), step.description(),
            true, (System.nanoTime() - t0) / 1_000_000, summary, NullNode.getInstance(), true));
        summaries.add(step.id().key() + ": " + summary);
      }
    }
    return summaries;
  }

  /** The liquibase steps of the catalog, in order. */
  public List<StepDefinition> liquibaseSteps() {
    return catalog().steps().stream().filter(s -> s.kind().equals("liquibase")).toList();
  }

  /** The changelog path of a liquibase step. */
  public String liquibaseChangelog(StepDefinition step) {
    return app.cruddur.ops.runner.internal.steps.LiquibaseStepKind.changelogOf(step.action());
  }

  /** The Liquibase commands of a liquibase step, for {@code cruddur db}. */
  public app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands liquibase(StepDefinition step) {
    return app.cruddur.ops.runner.internal.steps.LiquibaseStepKind.commandsOf(step.action(), bareContext(step));
  }

  /**
   * Runs {@code work} on a liquibase step's changelog under the release lock, and records in the
   * ledger that its changesets changed outside a release (a rollback), so that the next release
   * looks at them again instead of trusting the last apply.
   */
  public String underLockRecordingRollback(StepDefinition step,
      java.util.function.Function<app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands, String> work) {
    PgConnections postgres = settings.session().postgres();
    try (Connection c = postgres.open("cruddur db " + settings.actor());
        ReleaseLock lock = ReleaseLock.acquire(c, settings.lockWait())) {
      Ledger.ensureTable(c);
      app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands commands = liquibase(step);
      commands.releaseStaleLock(c);
      String summary = work.apply(commands);
      com.fasterxml.jackson.databind.node.ObjectNode details = app.cruddur.ops.runner.internal.json.Json.mapper().createObjectNode();
      details.put("summary", summary);
      Ledger.record(c, row(UUID.randomUUID(), step), LedgerEntry.Outcome.ROLLED_BACK, Instant.now(), details, null);
      return summary;
    } catch (SQLException e) {
      throw postgres.unreachable(e);
    }
  }

  /** Runs {@code work} under the release lock without touching the ledger ({@code db tag}). */
  public <T> T underLock(java.util.function.Supplier<T> work) {
    PgConnections postgres = settings.session().postgres();
    try (Connection c = postgres.open("cruddur db " + settings.actor());
        ReleaseLock lock = ReleaseLock.acquire(c, settings.lockWait())) {
      return work.get();
    } catch (SQLException e) {
      throw postgres.unreachable(e);
    }
  }

  private StepContext bareContext(StepDefinition step) {
    StepStatus s = status(step, StepState.PENDING, "", Optional.empty(), Optional.empty());
    return new StepContext(settings.session(), settings.projectDir(), settings.context(), step, Optional.empty(),
        settings.listener(), s);
  }

  private StepResult run(Connection c, UUID releaseId, Assessed a, StoreIdentities identities) throws SQLException {
    StepDefinition step = a.step();
    settings.listener().stepStarted(a.status());
    Instant started = Instant.now();
    long id = Ledger.started(c, row(releaseId, step), started);
    long t0 = System.nanoTime();
    try {
      StepOutcome outcome = step.action().apply(context(a));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (step.store() != Store.POSTGRES) {
        identities.refresh(step.store());
      }
      String identity = identities.of(step.store());
      Ledger.finished(c, id, LedgerEntry.Outcome.SUCCEEDED, Instant.now(), ms, outcome.details(), identity, null);
      StepResult result = new StepResult(step.id().key(), step.kind(), step.store(), step.description(), true, ms,
          outcome.summary(), outcome.details(), outcome.changed());
      settings.listener().stepFinished(result);
      return result;
    } catch (Exception e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      CruddurException failure = stepFailure(step, e);
      try {
        Ledger.finished(c, id, LedgerEntry.Outcome.FAILED, Instant.now(), ms, NullNode.getInstance(), null,
            failure.getMessage());
      } catch (SQLException ledgerLost) {
        LOG.warning("could not record the failure of " + step.id() + " (it shows as interrupted): " + ledgerLost.getMessage());
      }
      settings.listener().stepFinished(new StepResult(step.id().key(), step.kind(), step.store(), step.description(),
          false, ms, failure.problem(), NullNode.getInstance(), false));
      throw failure;
    }
  }

  private CruddurException stepFailure(StepDefinition step, Exception e) {
    CruddurException cause;
    if (e instanceof CruddurException c) {
      cause = c;
    } else if (e instanceof SdkException sdk) {
      cause = AwsErrors.translate(sdk, "applying " + step.id(), settings.session().target().describe());
    } else if (e instanceof SQLException sql && PgConnections.isConnectionLoss(sql)) {
      cause = settings.session().postgres().unreachable(sql);
    } else {
      cause = CruddurException.failed(e.getClass().getSimpleName() + ": " + e.getMessage(),
          "Rerun with --debug for details", e);
    }
    ExitCode code = cause.exitCode() == ExitCode.USAGE || cause.exitCode() == ExitCode.CONFIG
        || cause.exitCode() == ExitCode.DRIFT ? cause.exitCode() : ExitCode.FAILED;
    return new CruddurException(code, step.id() + " (" + step.file() + ") failed: " + cause.problem(),
        cause.remedy().isBlank() ? "Fix the cause and rerun the release; it retries the step" : cause.remedy()
            + "; then rerun the release, it retries the step", cause.getCause() == null ? cause : cause.getCause());
  }

  private List<Assessed> assess(StepCatalog steps, Connection c, boolean lockHeldElsewhere, StoreIdentities identities,
      boolean withDetail) throws SQLException {
    Map<String, LedgerEntry> latest = Ledger.latest(c);
    List<Assessed> result = new ArrayList<>();
    for (StepDefinition step : steps.steps()) {
      Optional<LedgerEntry> last = Optional.ofNullable(latest.get(step.id().key()));
      Optional<LedgerEntry> lastApplied = last.filter(LedgerEntry::applied).isPresent() ? last
          : (last.isPresent() ? Ledger.lastApplied(c, step.id().key()) : Optional.empty());
      Assessed provisional = new Assessed(step, status(step, StepState.PENDING, "", last, lastApplied), last, lastApplied);
      Assessed a = assessOne(provisional, lockHeldElsewhere, identities);
      if (withDetail && a.status().state().willRun() && a.status().reason().isEmpty()) {
        Optional<String> detail = step.action().pendingDetail(context(a));
        if (detail.isPresent()) {
          a = a.withStatus(status(step, a.status().state(), detail.get(), last, lastApplied));
        }
      }
      result.add(a);
    }
    for (LedgerEntry entry : latest.values()) {
      boolean known = steps.steps().stream().anyMatch(s -> s.id().key().equals(entry.key()));
      if (!known && entry.outcome() != LedgerEntry.Outcome.FORGOTTEN) {
        result.add(new Assessed(null, missing(entry), Optional.of(entry), Optional.of(entry)));
      }
    }
    return result;
  }

  private Assessed assessOne(Assessed a, boolean lockHeldElsewhere, StoreIdentities identities) {
    StepDefinition step = a.step();
    Optional<LedgerEntry> last = a.latest();
    Optional<LedgerEntry> applied = a.lastApplied();
    if (!step.inContext(settings.context())) {
      return a.withStatus(status(step, StepState.NOT_IN_CONTEXT, "runs in " + String.join(", ", step.contexts()), last, applied));
    }
    if (last.isEmpty() || last.get().outcome() == LedgerEntry.Outcome.FORGOTTEN) {
      return a.withStatus(status(step, StepState.PENDING, "", last, applied));
    }
    LedgerEntry entry = last.get();
    switch (entry.outcome()) {
      case STARTED -> {
        return lockHeldElsewhere
            ? a.withStatus(status(step, StepState.RUNNING, "being applied by another release", last, applied))
            : a.withStatus(status(step, StepState.INTERRUPTED, "interrupted at " + entry.startedAt() + "; will be retried", last, applied));
      }
      case FAILED -> {
        return a.withStatus(status(step, StepState.FAILED, "failed at " + entry.startedAt() + "; will be retried", last, applied));
      }
      case ROLLED_BACK -> {
        return a.withStatus(status(step, StepState.PENDING, "changesets were rolled back", last, applied));
      }
      default -> {
        // SUCCEEDED or REPAIRED
      }
    }
    if (step.store() != Store.POSTGRES) {
      String now = identities.of(step.store());
      String then = entry.storeIdentity().orElse("");
      if (!now.equals(then)) {
        String what = step.store() == Store.DYNAMODB ? "the table" : "the user pool";
        String reason = StoreIdentities.ABSENT.equals(now)
            ? what + " is gone since it was applied"
            : what + " was recreated since it was applied";
        return a.withStatus(status(step, StepState.LOST, reason + "; will run again", last, applied));
      }
    }
    if (step.runsEveryRelease()) {
      return a.withStatus(status(step, StepState.EVERY_RELEASE, "runs on every release", last, applied));
    }
    if (entry.checksum().equals(step.checksum())) {
      return a.withStatus(status(step, StepState.APPLIED, step.action().appliedDetail(entry).orElse(""), last, applied));
    }
    if (!step.id().versioned()) {
      return a.withStatus(status(step, StepState.OUTDATED, "changed since it was applied; will run again", last, applied));
    }
    Reassessment r = step.action().reassess(context(a), entry);
    if (r.isDrift()) {
      return a.withStatus(status(step, StepState.CHANGED, String.join("; ", r.drift()), last, applied));
    }
    return a.withStatus(status(step, StepState.PENDING, r.pending(), last, applied));
  }

  private StepContext context(Assessed a) {
    return new StepContext(settings.session(), settings.projectDir(), settings.context(), a.step(), a.lastApplied(),
        settings.listener(), a.status());
  }

  private Ledger.NewRow row(UUID releaseId, StepDefinition step) {
    return new Ledger.NewRow(releaseId, step.id().key(), step.description(), step.kind(), step.store().label(),
        step.file(), step.checksum(), settings.context(), settings.actor());
  }

  private static StepStatus status(StepDefinition step, StepState state, String reason, Optional<LedgerEntry> last,
      Optional<LedgerEntry> applied) {
    Optional<LedgerEntry> shown = last;
    return new StepStatus(step.id().key(), step.description(), step.kind(), step.store(), step.file(), step.contexts(),
        Optional.of(step.checksum()), applied.map(LedgerEntry::checksum), state, reason,
        shown.map(LedgerEntry::startedAt), shown.map(LedgerEntry::appliedBy), shown.flatMap(LedgerEntry::durationMs),
        shown.flatMap(LedgerEntry::error));
  }

  private static StepStatus missing(LedgerEntry entry) {
    Store store = Store.valueOf(entry.store().toUpperCase());
    return new StepStatus(entry.key(), entry.description(), entry.kind(), store, entry.file(), List.of(),
        Optional.empty(), Optional.of(entry.checksum()), StepState.MISSING,
        "applied on " + entry.startedAt() + " but " + entry.file() + " is gone",
        Optional.of(entry.startedAt()), Optional.of(entry.appliedBy()), entry.durationMs(), entry.error());
  }

  /** Exit 3 naming every changed or missing step, both checksums, and the two ways out. */
  public static CruddurException driftError(List<StepStatus> drift) {
    List<String> parts = new ArrayList<>();
    for (StepStatus s : drift) {
      if (s.state() == StepState.MISSING) {
        parts.add(s.version() + ": " + s.reason());
      } else {
        parts.add(s.version() + " " + s.file() + ": " + s.reason() + " (applied " + Checksums.shortForm(s.appliedChecksum().orElse(""))
            + ", now " + Checksums.shortForm(s.checksum().orElse("")) + ")");
      }
    }
    String keys = String.join(" ", drift.stream().map(StepStatus::version).toList());
    return new CruddurException(ExitCode.DRIFT,
        (drift.size() == 1 ? "an applied step changed: " : drift.size() + " applied steps changed: ") + String.join("; ", parts),
        "Revert the change, or accept it deliberately with `cruddur repair --accept " + keys + "`");
  }

  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T withConnection(String purpose, SqlWork<T> work) {
    PgConnections postgres = settings.session().postgres();
    try (Connection c = postgres.open(purpose)) {
      return work.run(c);
    } catch (SQLException e) {
      throw postgres.unreachable(e);
    }
  }

  /** A step with its ledger rows and its status. */
  private record Assessed(StepDefinition step, StepStatus status, Optional<LedgerEntry> latest,
      Optional<LedgerEntry> lastApplied) {
    Assessed withStatus(StepStatus s) {
      return new Assessed(step, s, latest, lastApplied);
    }
  }
}
