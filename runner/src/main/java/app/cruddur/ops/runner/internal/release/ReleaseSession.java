package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.plan.Assessment;
import app.cruddur.ops.runner.internal.plan.StepAssessor;
import app.cruddur.ops.runner.internal.step.Deadline;
import app.cruddur.ops.runner.internal.step.StepCatalog;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.step.StepKinds;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import app.cruddur.ops.runner.internal.stores.TargetCheck;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One release of one target, as every release operation works in it: what it was configured with
 * (the project, the target's connections, the context, the lock wait, the listener, the actor, the
 * step kinds, whether out-of-order steps may run), the steps (loaded and checked once), and the
 * shared moves (check the target, assess the steps against the ledger, give a step its scope, read
 * the ledger or work under its lock). The operations themselves are in {@code
 * internal.operations.release} and {@code .db}.
 */
public final class ReleaseSession {
  /** Work on an open ledger. */
  @FunctionalInterface
  public interface LedgerWork<T> {
    T run(Ledger ledger) throws SQLException;
  }

  private final Path projectDir;
  private final Connections session;
  private final String context;
  private final Duration lockWait;
  private final ReleaseListener listener;
  private final String actor;
  private final StepKinds kinds;
  private final boolean outOfOrder;
  private StepCatalog catalog;

  /**
   * @param projectDir where {@code seeders/} and {@code migrations/} are
   * @param session the target's connections
   * @param context the release context
   * @param lockWait how long to queue behind another release (zero: fail at once)
   * @param listener progress
   * @param actor user@host for the ledger
   * @param kinds the step kinds
   * @param outOfOrder whether a new step older than an applied one may run
   */
  public ReleaseSession(
      Path projectDir,
      Connections session,
      String context,
      Duration lockWait,
      ReleaseListener listener,
      String actor,
      StepKinds kinds,
      boolean outOfOrder) {
    this.projectDir = projectDir;
    this.session = session;
    this.context = context;
    this.lockWait = lockWait;
    this.listener = listener;
    this.actor = actor;
    this.kinds = kinds;
    this.outOfOrder = outOfOrder;
  }

  /** Where {@code seeders/} and {@code migrations/} are. */
  public Path projectDir() {
    return projectDir;
  }

  public Connections session() {
    return session;
  }

  /** The release context ({@code dev}, {@code test}, {@code prod}). */
  public String context() {
    return context;
  }

  /** How long to queue behind another release (zero: fail at once). */
  public Duration lockWait() {
    return lockWait;
  }

  public ReleaseListener listener() {
    return listener;
  }

  public String actor() {
    return actor;
  }

  public StepKinds kinds() {
    return kinds;
  }

  /** The target as it is written to, described without secrets. */
  public String target() {
    return session.describe();
  }

  /**
   * Checks the target before anything is written ({@link TargetCheck}), for the stores of every
   * step that runs in this context on this target: a wrong target fails here, before the lock.
   */
  public void checkTarget() {
    Set<Store> stores = EnumSet.of(Store.POSTGRES);
    for (StepDefinition step : catalog().steps()) {
      if (step.inContext(context) && step.action().notApplicableOn(session.target()).isEmpty()) {
        stores.add(step.store());
        stores.addAll(step.action().reads());
      }
    }
    TargetCheck.check(session, stores);
  }

  /** The steps, loaded and checked once (exit 2 on any bad file or an unknown context). */
  public synchronized StepCatalog catalog() {
    if (catalog == null) {
      StepCatalog loaded = StepCatalog.load(projectDir, kinds);
      if (!loaded.knownContexts().contains(context)) {
        throw CruddurException.of(
            ErrorCode.UNKNOWN_CONTEXT,
            "unknown context '" + context + "'",
            "Use one of: " + String.join(", ", loaded.knownContexts()));
      }
      catalog = loaded;
    }
    return catalog;
  }

  /** Reads the ledger on a connection named {@code purpose}, without the lock. */
  public <T> T read(String purpose, LedgerWork<T> work) {
    PgConnections postgres = session.postgres();
    try (Ledger ledger = Ledger.open(postgres, purpose)) {
      return work.run(ledger);
    } catch (SQLException e) {
      throw ledgerFailure(postgres, e);
    }
  }

  /**
   * Runs {@code work} under the target's release lock (waiting as configured); the connection names
   * the actor.
   */
  public <T> T underLock(String purpose, LedgerWork<T> work) {
    PgConnections postgres = session.postgres();
    try (Ledger ledger = Ledger.open(postgres, purpose + " " + actor)) {
      return ledger.lock(lockWait, () -> work.run(ledger));
    } catch (SQLException e) {
      throw ledgerFailure(postgres, e);
    }
  }

  private static CruddurException ledgerFailure(PgConnections postgres, SQLException e) {
    return PgConnections.isConnectionLoss(e) || PgConnections.isDiskFull(e)
        ? postgres.unreachable(e)
        : CruddurException.of(
            ErrorCode.DATABASE_ERROR,
            "the ledger could not be read or written: " + e.getMessage(),
            "Check the database user's rights on " + postgres.describe(),
            e);
  }

  /** Where every step stands on the target, by {@link StepAssessor}. */
  public List<Assessment> assess(
      Ledger ledger, boolean lockHeldElsewhere, StoreIdentities identities) throws SQLException {
    return StepAssessor.assess(
        new StepAssessor.Inputs(
            context,
            catalog().steps(),
            ledger.read(),
            lockHeldElsewhere,
            identities::of,
            (step, since) ->
                step.action()
                    .reassess(
                        scope(
                            step,
                            Optional.of(since).filter(LedgerEntry::applied),
                            StepState.PENDING,
                            ""),
                        since),
            step -> step.action().notApplicableOn(session.target()),
            outOfOrder,
            identities::lostWrites));
  }

  /**
   * The steps that will run get the detail of what they would do ("3 changesets: ..."), for plans
   * and status.
   */
  public List<Assessment> withPendingDetail(List<Assessment> assessed) {
    List<Assessment> detailed = new ArrayList<>();
    for (Assessment a : assessed) {
      if (a.willRun() && a.status().reason().isEmpty()) {
        Optional<String> detail = a.step().orElseThrow().action().pendingDetail(scope(a));
        if (detail.isPresent()) {
          a =
              a.withStatus(
                  StepAssessor.status(
                      a.step().orElseThrow(),
                      a.status().state(),
                      detail.get(),
                      a.latest(),
                      a.lastApplied()));
        }
      }
      detailed.add(a);
    }
    return detailed;
  }

  /** The scope a step is assessed, previewed or applied in. */
  public StepScope scope(Assessment a) {
    return scope(a.step().orElseThrow(), a.lastApplied(), a.status());
  }

  /**
   * The scope of a step run outside a release (no ledger rows: {@code ddb seed}, {@code db}
   * commands).
   */
  public StepScope scope(StepDefinition step) {
    return scope(step, Optional.empty(), StepState.PENDING, "");
  }

  private StepScope scope(
      StepDefinition step, Optional<LedgerEntry> applied, StepState state, String reason) {
    return scope(
        step, applied, StepAssessor.status(step, state, reason, Optional.empty(), applied));
  }

  private StepScope scope(StepDefinition step, Optional<LedgerEntry> applied, StepStatus status) {
    return new StepScope(
        session,
        projectDir,
        context,
        actor,
        step,
        applied,
        listener,
        status,
        Optional.empty(),
        Deadline.NONE,
        false);
  }

  /** A ledger row of {@code step} for release {@code releaseId}. */
  public Ledger.NewRow row(UUID releaseId, StepDefinition step) {
    return new Ledger.NewRow(
        releaseId,
        step.id().key(),
        step.description(),
        step.kind(),
        step.store().label(),
        step.file(),
        step.checksum(),
        context,
        actor);
  }
}
