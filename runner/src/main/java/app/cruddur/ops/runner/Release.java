package app.cruddur.ops.runner;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.api.BaselineResult;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.HistoryQuery;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseHistory;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleasePlan;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.ReleaseStop;
import app.cruddur.ops.runner.api.RepairResult;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.SeedRun;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.api.ValidationResult;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.internal.dynamo.migration.Distribution;
import app.cruddur.ops.runner.internal.operations.release.Apply;
import app.cruddur.ops.runner.internal.operations.release.Baseline;
import app.cruddur.ops.runner.internal.operations.release.History;
import app.cruddur.ops.runner.internal.operations.release.Plan;
import app.cruddur.ops.runner.internal.operations.release.Repair;
import app.cruddur.ops.runner.internal.operations.release.RequestStop;
import app.cruddur.ops.runner.internal.operations.release.SeedSteps;
import app.cruddur.ops.runner.internal.operations.release.Status;
import app.cruddur.ops.runner.internal.operations.release.Validate;
import app.cruddur.ops.runner.internal.release.Actor;
import app.cruddur.ops.runner.internal.release.DefaultStepKinds;
import app.cruddur.ops.runner.internal.release.MigrationWorkerProcess;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.release.Slicing;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The release of one target: Liquibase changesets, DynamoDB steps and seeds, Cognito steps, in one
 * ordered plan recorded in a ledger. The entry point of the runner's API, as {@code Flyway} is
 * Flyway's: each method is one verb, run by its operation class in {@code internal.operations}, and
 * returns that verb's record from {@code api}. The CLI is one client of this API; it is usable
 * without it:
 *
 * <pre>{@code
 * try (Release release = Release.configure()
 *     .projectDirectory(Path.of("."))
 *     .target(Target.local(Path.of(".cruddur/local")))
 *     .load()) {
 *   ReleaseResult result = release.apply();
 * }
 * }</pre>
 *
 * <p>Longer than our usual class: it is the API's entry point, a method per verb with its fluent
 * {@link Builder} (Flyway's {@code FluentConfiguration} is a class of its own for the same reason,
 * and splitting ours would put the verbs and their settings in two places a reader must join).
 */
public final class Release implements AutoCloseable {
  /**
   * The environment variable naming the {@link Builder#projectDirectory project directory} a
   * launcher, the vehicle or the bench runs against, in place of the checkout or the package's own.
   */
  public static final String PROJECT_DIR_ENV = "CRUDDUR_PROJECT_DIR";

  private final ReleaseSession session;
  private final Optional<Duration> timeBox;
  private final long sliceStepsBytes;

  private Release(ReleaseSession session, Optional<Duration> timeBox, long sliceStepsBytes) {
    this.session = session;
    this.timeBox = timeBox;
    this.sliceStepsBytes = sliceStepsBytes;
  }

  /** Starts a configuration. */
  public static Builder configure() {
    return new Builder();
  }

  /** Where every step stands on the target. */
  public ReleaseStatus status() {
    return new Status(session).run();
  }

  /** The ledger's attempts, newest first, as {@code query} filters them. */
  public ReleaseHistory history(HistoryQuery query) {
    return new History(session, query).run();
  }

  /** What {@link #apply()} would do, in order. */
  public ReleasePlan plan() {
    return new Plan(session, false).run();
  }

  /** {@link #plan()} with the SQL of pending Liquibase steps. */
  public ReleasePlan planWithSql() {
    return new Plan(session, true).run();
  }

  /**
   * Checks every applied step against its file.
   *
   * @throws CruddurException exit 3 naming each changed or missing step and both checksums
   */
  public ValidationResult validate() {
    return new Validate(session).run();
  }

  /**
   * Applies every pending step, in order, under the target's lock; with a {@linkplain
   * Builder#timeBox time box}, stops at the first boundary after it (the result says where: {@link
   * ReleaseResult#unfinished()}).
   */
  public ReleaseResult apply() {
    return new Apply(session, step -> true, slicing()).run();
  }

  /** Applies the pending steps of the given kinds only ({@code cruddur db update}: liquibase). */
  public ReleaseResult apply(Set<String> kinds) {
    return new Apply(session, step -> kinds.contains(step.kind()), slicing()).run();
  }

  /**
   * One slice of a release workflow's execution (see {@code ReleaseWorkflow}): under the lease of
   * {@code slice.owner()}, it works for the {@linkplain Builder#timeBox time box} (the function's
   * remaining time less the slice's margin) and as many steps as its answer holds ({@link
   * Builder#sliceStepsBytes}), stops at a boundary, and keeps the lease for the next slice while
   * work is left; a long step is left to the workflow's long-step build, which runs it as a slice
   * naming it.
   */
  public ReleaseResult applySlice(VerbRequest.Slice slice) {
    return new Apply(
            session,
            step -> true,
            Slicing.slice(
                slice.owner(),
                timeBox.orElse(ReleaseVehicle.MAX_TIMEOUT.minus(slice.margin())),
                slice.longStep(),
                sliceStepsBytes))
        .run();
  }

  /**
   * Asks the release of a workflow under way on this target to stop at its next boundary (the
   * vehicle's {@code stop} verb, for {@code release --via --stop}): recorded on its lease for the
   * slice in flight, which then stops, pauses where it stood, ends the lease and answers {@code
   * RELEASE_STOPPED}; with no slice in flight the lease is ended at once.
   */
  public ReleaseStop requestStop() {
    return new RequestStop(session).run();
  }

  private Slicing slicing() {
    return timeBox.map(Slicing::timeBox).orElseGet(Slicing::whole);
  }

  /**
   * Adopts a target made without the runner ({@code cruddur baseline}): judges every step and
   * changeset against the live stores and records what is there already, so that the release
   * applies only the rest.
   *
   * @param plan judge only, write nothing
   * @param confirm off the local target, the database's name repeated (not needed with {@code
   *     plan})
   */
  public BaselineResult baseline(boolean plan, Optional<String> confirm) {
    return new Baseline(session, plan, confirm).run();
  }

  /** Runs the context's seed steps outside a release (not recorded); says what each wrote. */
  public SeedRun seedOutsideRelease() {
    return new SeedSteps(session).run();
  }

  /** Accepts changed or deleted steps deliberately; says what was recorded for each. */
  public RepairResult repair(List<String> versions) {
    return new Repair(session, versions).run();
  }

  /**
   * Runs {@code request}: the verb a release vehicle runs, here (the vehicle runs it so too).
   *
   * @throws CruddurException as the verb's method does
   */
  public OperationResult run(VerbRequest request) {
    return switch (request.verb()) {
      case RELEASE -> request.slice().isPresent() ? applySlice(request.slice().get()) : apply();
      case PLAN -> plan();
      case STATUS -> status();
      case VALIDATE -> validate();
      case STOP -> requestStop();
      case ROLLBACK ->
          request.count().isPresent()
              ? migrations(Optional.empty())
                  .rollbackCount(request.count().getAsInt(), request.confirm())
              : migrations(Optional.empty())
                  .rollbackToTag(request.tag().orElseThrow(), request.confirm());
    };
  }

  /**
   * The Liquibase part of this release ({@code cruddur db}): the liquibase step {@code step} names,
   * or the only one.
   */
  public Migrations migrations(Optional<String> step) {
    return new Migrations(session, step);
  }

  @Override
  public void close() {
    session.session().close();
  }

  /** Fluent configuration, immutable once loaded. */
  public static final class Builder {
    private Path projectDir = Path.of("").toAbsolutePath();
    private Target target;
    private ResolvedTarget resolved;
    private Optional<String> context = Optional.empty();
    private Duration lockWait = Duration.ZERO;
    private ReleaseListener listener = ReleaseListener.NONE;
    private ResourceNames names = ResourceNames.defaults();
    private Map<String, String> environment = System.getenv();
    private final List<ExecutionInterceptor> interceptors = new ArrayList<>();
    private String actor;
    private boolean outOfOrder;
    private int workers;
    private Duration workerLease = Distribution.LOCAL_LEASE;
    private Optional<Duration> timeBox = Optional.empty();
    private long sliceStepsBytes = ReleaseWorkflow.SLICE_STEPS_BYTES;
    private Optional<String> command = Optional.empty();

    private Builder() {}

    /** Where {@code seeders/} and {@code migrations/} are. */
    public Builder projectDirectory(Path dir) {
      this.projectDir = dir.toAbsolutePath().normalize();
      return this;
    }

    /**
     * The target (this or a resolved one is required), resolved at {@link #load()} with the names
     * and environment configured.
     */
    public Builder target(Target target) {
      this.target = target;
      this.resolved = null;
      return this;
    }

    /** The target, resolved already ({@link Targets#resolve}): it carries its resource names. */
    public Builder target(ResolvedTarget target) {
      this.resolved = target;
      this.target = null;
      return this;
    }

    /**
     * The context ({@code dev}, {@code test}, {@code prod}); defaults to dev on the local target
     * only.
     */
    public Builder context(String context) {
      this.context = Optional.ofNullable(context).filter(c -> !c.isBlank());
      return this;
    }

    /**
     * The command this is loaded for ({@code status}, {@code db status}), named by its messages
     * (default: a release).
     */
    public Builder command(String command) {
      this.command = Optional.ofNullable(command).filter(c -> !c.isBlank() && !c.equals("release"));
      return this;
    }

    /** How long to queue behind another release (default: not at all, exit 5). */
    public Builder lockWait(Duration wait) {
      this.lockWait = Objects.requireNonNull(wait);
      return this;
    }

    /** Who hears of progress: steps starting and finishing, notices (default: nobody). */
    public Builder listener(ReleaseListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /**
     * Names of the target's resources given (default: none, so the deployment's, else the model's
     * where the runner owns the store); not used with a resolved target, which carries its own.
     */
    public Builder resourceNames(ResourceNames names) {
      this.names = Objects.requireNonNull(names);
      return this;
    }

    /**
     * Environment variables to resolve endpoints and the local engine by (default: the process's).
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** Adds an SDK interceptor to every AWS client (metrics; fault injection in tests). */
    public Builder interceptor(ExecutionInterceptor interceptor) {
      this.interceptors.add(interceptor);
      return this;
    }

    /** Who is applying, for the ledger (default: user@host). */
    public Builder actor(String actor) {
      this.actor = Objects.requireNonNull(actor);
      return this;
    }

    /**
     * Lets a new versioned step older than an applied one run (Flyway's {@code outOfOrder}); by
     * default such a step stops the release with exit 3 before anything runs.
     */
    public Builder outOfOrder(boolean allowed) {
      this.outOfOrder = allowed;
      return this;
    }

    /**
     * Runs each {@code dynamodb-migration} step as {@code n} local worker processes sharing its
     * checkpoints and write budget in DynamoDB ({@code --workers N}; default: as the step file
     * says, else in this process).
     */
    public Builder workers(int n) {
      if (n < 0 || n > MigrationWorkers.MAX_WORKERS) {
        throw CruddurException.of(
            ErrorCode.BAD_ARGUMENT,
            "--workers is 0 to " + MigrationWorkers.MAX_WORKERS + ", not " + n,
            "Pass a number of local worker processes, or 0 to run as the step file says");
      }
      this.workers = n;
      return this;
    }

    /**
     * How long a distributed run's segment stays with a worker that stopped renewing it (killed)
     * before another takes it over (default 30 s).
     */
    public Builder workerLease(Duration lease) {
      this.workerLease = Objects.requireNonNull(lease);
      return this;
    }

    /**
     * Stops a release at the first boundary after {@code box} ({@code --time-box}: a step's, a
     * migration's page) with the work left for the next one (exit 6, {@code MORE_TO_DO}); a slice
     * works for this long. Default: none, a release runs to its end.
     */
    public Builder timeBox(Duration box) {
      this.timeBox = Optional.of(box);
      return this;
    }

    /**
     * How many bytes of a release workflow's slice's answer the steps it runs may take before it
     * stops between steps and answers that there is more (default {@value
     * ReleaseWorkflow#SLICE_STEPS_BYTES}; lower in tests). A run that is not a workflow's slice
     * runs as many steps as its time allows.
     */
    public Builder sliceStepsBytes(long bytes) {
      this.sliceStepsBytes = bytes;
      return this;
    }

    /**
     * Checks the configuration and loads the release.
     *
     * @throws CruddurException exit 2 when the target is missing, or has no context and is not the
     *     local environment with its own database (a database given by --db-url or
     *     CRUDDUR_DATABASE_URL that is another server is never local)
     */
    public Release load() {
      ResolvedTarget where = resolved();
      if (context.isEmpty() && !where.local()) {
        throw CruddurException.of(
            ErrorCode.CONTEXT_REQUIRED,
            command
                .map(c -> "cruddur " + c + " on " + where.describe() + " needs a context (it")
                .map(c -> c + " decides which steps and changesets apply there)")
                .orElse("a release on " + where.describe() + " needs a context"),
            "Pass --context prod (or dev, test): only the local environment with its own database"
                + " assumes dev");
      }
      Connections connections = new Connections(where, environment, interceptors, listener::notice);
      return new Release(
          new ReleaseSession(
              projectDir,
              connections,
              context.orElse("dev"),
              lockWait,
              listener,
              actor(),
              DefaultStepKinds.all(MigrationWorkerProcess.distribution(workers, workerLease)),
              outOfOrder),
          timeBox,
          sliceStepsBytes);
    }

    /**
     * Loads the Cognito operations of the target ({@code cruddur cognito ...}): they use the
     * target, names, environment, interceptors, listener, lock wait and actor of this
     * configuration, and need no context.
     *
     * @throws CruddurException exit 2 when the target is missing
     */
    public CognitoUsers loadCognitoUsers() {
      return new CognitoUsers(
          new Connections(resolved(), environment, interceptors, listener::notice),
          lockWait,
          listener,
          actor());
    }

    private ResolvedTarget resolved() {
      if (resolved != null) {
        return resolved;
      }
      if (target == null) {
        throw CruddurException.of(
            ErrorCode.NO_TARGET, "no target", "Choose --local, --aws or --endpoint-url");
      }
      return Targets.resolve(target, names, environment);
    }

    /** The actor given, else user@host of this environment. */
    private String actor() {
      return actor != null ? actor : Actor.of(environment);
    }
  }
}
