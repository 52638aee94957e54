package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.TableDefinition;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.dynamo.TableIndexes;
import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.step.StepAction;
import app.cruddur.ops.runner.internal.step.StepKind;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stepfile.StepFileException;
import app.cruddur.ops.runner.internal.stepfile.StepId;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import app.cruddur.ops.runner.internal.stores.LostWrites;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * {@code kind: dynamodb-migration}: a versioned change to the items already in the messages table —
 * attributes set or removed, items moved to a new key, or a Java {@code ItemMigration} — over a
 * parallel scan or a query, written conditionally under a write budget, each segment checkpointed
 * beside the ledger so that a killed release resumes where each segment stopped. See {@link
 * MigrationSpecReader} for the keys, {@link MigrationEngine} for the run and {@link
 * MigrationDetails} for what its ledger row records.
 *
 * <p>Longer than our usual class on purpose: the step's keys, its preview and its apply — here or
 * distributed ({@link DistributedStep}) — and the translation of what stopped it into error codes
 * are one step's behaviour.
 */
public final class DynamoMigrationStepKind
    implements StepKind<DynamoMigrationStepKind.MigrationStep> {
  private final MigrationSpecReader reader;
  private final MigrationEngine.Settings settings;
  private final Distribution distribution;

  /** The kind with the Java migrations on the runner's class path and the engine's defaults. */
  public DynamoMigrationStepKind() {
    this(MigrationEngine.Settings.defaults());
  }

  /** The kind whose distributed steps run as {@code distribution} says. */
  public DynamoMigrationStepKind(Distribution distribution) {
    this(MigrationEngine.Settings.defaults(), distribution);
  }

  /** The kind with other engine settings (benchmarks, tests). */
  public DynamoMigrationStepKind(MigrationEngine.Settings settings) {
    this(settings, Distribution.none());
  }

  /** The kind with other engine settings, distributed steps run as {@code distribution} says. */
  public DynamoMigrationStepKind(MigrationEngine.Settings settings, Distribution distribution) {
    this.reader =
        new MigrationSpecReader(
            MessagesTable.definition(), DynamoMigrationStepKind.class.getClassLoader());
    this.settings = settings;
    this.distribution = distribution;
  }

  @Override
  public String name() {
    return "dynamodb-migration";
  }

  @Override
  public Store store() {
    return Store.DYNAMODB;
  }

  @Override
  public Class<MigrationStep> actionType() {
    return MigrationStep.class;
  }

  @Override
  public MigrationStep parse(YamlMap body, StepSource source) {
    int selectLine = body.line("select");
    int changeLine = body.line("change");
    return new MigrationStep(
        reader.read(body),
        source.file(),
        selectLine,
        changeLine,
        settings,
        Workers.read(body, distribution));
  }

  /**
   * How many processes run a step: {@code --workers N}, else the file's {@code workers: N}, else
   * {@link Distribution#DEFAULT_WORKERS} with {@code distribute: true}; 0 runs it in the release's
   * own process.
   */
  record Workers(int count, Distribution distribution) {
    static Workers read(YamlMap body, Distribution distribution) {
      Optional<Integer> inFile = body.optionalPositiveInt("workers");
      Optional<String> distribute = body.optionalString("distribute");
      if (distribute.isPresent() && !distribute.get().matches("true|false")) {
        throw body.error(
            "distribute", "'distribute' is true or false, not '" + distribute.get() + "'");
      }
      if (inFile.isPresent() && inFile.get() > MigrationWorkers.MAX_WORKERS) {
        throw body.error(
            "workers",
            "'workers' is at most " + MigrationWorkers.MAX_WORKERS + ", not " + inFile.get());
      }
      boolean asked = distribute.map(Boolean::parseBoolean).orElse(inFile.isPresent());
      int count =
          distribution.workers() > 0
              ? distribution.workers()
              : asked ? inFile.orElse(Distribution.DEFAULT_WORKERS) : 0;
      return new Workers(count, distribution);
    }

    boolean distributed() {
      return count > 0;
    }

    /**
     * The workers {@code spec} runs on in {@code scope}: one where the engine undoes concurrent
     * writes when it cancels a transaction (moto restores the whole table) and the step may move
     * items — one worker sends one move at a time, as one process does.
     */
    int count(MigrationSpec spec, StepScope scope) {
      boolean mayMove = !(spec.change() instanceof MigrationSpec.Rewrite r) || !r.key().isEmpty();
      return mayMove && scope.session().target().serialTransactions() ? Math.min(1, count) : count;
    }
  }

  record MigrationStep(
      MigrationSpec spec,
      String file,
      int selectLine,
      int changeLine,
      MigrationEngine.Settings settings,
      Workers workers)
      implements StepAction {

    @Override
    public Optional<String> pendingDetail(StepScope scope) {
      if (!workers.distributed()) {
        return Optional.of(
            spec.describe()
                + TableSchema.describe(scope.session().dynamo(), tableName(scope))
                    .map(t -> "; " + autoDetail(scope, t))
                    .orElse(""));
      }
      int count = workers.count(spec, scope);
      String plan =
          spec.describe()
              + "; distributed over "
              + count
              + " local worker process"
              + (count == 1 ? "" : "es")
              + (count < workers.count() ? " (moves on this engine: one at a time)" : "");
      Optional<TableDescription> table =
          TableSchema.describe(scope.session().dynamo(), tableName(scope));
      if (table.isEmpty()) {
        return Optional.of(plan);
      }
      WriteBudget budget = Budgets.of(spec.budget(), table.get());
      long items = table.get().itemCount() == null ? 0 : table.get().itemCount();
      return Optional.of(
          plan
              + (budget.unlimitedBudget()
                  ? ", no budget"
                  : String.format(
                      Locale.ROOT,
                      ", one budget for all of %.0f/s (%s), about %s for %,d items",
                      budget.ceiling(),
                      budget.basis(),
                      DistributedStep.duration(items / budget.ceiling()),
                      items)));
    }

    /**
     * What {@link AutoDistribution} decides for this step on {@code table}: where workers are
     * Lambdas (off the local engines, in the release workflow's slices) it applies; here it is only
     * said.
     */
    private String autoDetail(StepScope scope, TableDescription table) {
      AutoDistribution.Decision d = autoDistribution(table);
      boolean lambdas = !scope.session().target().localEngines();
      if (lambdas && d.distributed()) {
        return d.describe() + " in the release workflow's slices, else one process here";
      }
      return d.describe()
          + (!lambdas && d.distributed() ? "; locally only with --workers N (shared cores)" : "");
    }

    AutoDistribution.Decision autoDistribution(TableDescription table) {
      long items = table.itemCount() == null ? 0 : table.itemCount();
      return AutoDistribution.decide(
          items, Budgets.itemsPerSecond(spec.budget(), table), segments(table));
    }

    /**
     * This step as it runs in {@code scope}: in a slice of the release workflow, distributed when
     * {@link AutoDistribution} says one process is too slow, whatever its file says.
     */
    private MigrationStep inScope(StepScope scope, TableDescription table) {
      if (workers.distributed() || !scope.handsOffDistributed()) {
        return this;
      }
      AutoDistribution.Decision d = autoDistribution(table);
      if (!d.distributed()) {
        return this;
      }
      scope.listener().notice(scope.step().id() + " runs " + d.describe());
      return new MigrationStep(
          spec,
          file,
          selectLine,
          changeLine,
          settings,
          new Workers(d.workers(), workers.distribution()));
    }

    @Override
    public Optional<String> appliedDetail(LedgerEntry applied) {
      return applied.details(MigrationDetails.class).map(d -> d.counts().describe(false));
    }

    @Override
    public Optional<String> preview(StepScope scope) {
      Optional<TableDescription> table =
          TableSchema.describe(scope.session().dynamo(), tableName(scope));
      if (table.isEmpty()) {
        return Optional.of(
            "-- "
                + spec.describe()
                + "\n-- the table "
                + tableName(scope)
                + " does not exist yet (an earlier step creates it): nothing to read, nothing would"
                + " change");
      }
      if (spec.selection() instanceof MigrationSpec.Query q
          && q.index().isPresent()
          && !hasIndex(table.get(), q.index().get())) {
        return Optional.of(
            "-- "
                + spec.describe()
                + "\n-- index "
                + q.index().get()
                + " does not exist yet (this step creates it where the runner owns the table):"
                + " nothing to read before it does");
      }
      MigrationEngine.Result r;
      try {
        r = engine(scope, table.get(), WriteBudget.unlimited()).dryRun(segments(table.get()));
      } catch (RuntimeException e) {
        throw translate(e);
      }
      return Optional.of(
          DryRunText.of(spec, r, spec.index().filter(i -> !hasIndex(table.get(), i))));
    }

    /** The migration at its budget: a sliced release's estimate of it before it ran. */
    @Override
    public Optional<Duration> estimate(StepScope scope) {
      return TableSchema.describe(scope.session().dynamo(), tableName(scope))
          .map(t -> MigrationPace.whole(spec.budget(), t));
    }

    @Override
    public StepOutcome apply(StepScope scope) throws SQLException {
      String table = tableName(scope);
      TableDefinition definition = MessagesTable.definition(table);
      ResolvedTarget target = scope.session().target();
      boolean runnerOwnsTable = target.owns(Store.DYNAMODB);
      String indexOutcome = "";
      try {
        if (spec.index().isPresent()) {
          TableIndexes.Outcome o =
              TableIndexes.ensure(
                  scope.session().dynamo(), definition, spec.index().get(), runnerOwnsTable);
          indexOutcome =
              o == TableIndexes.Outcome.CREATED ? "created index " + spec.index().get() + "; " : "";
        }
      } catch (TableSchema.MissingTableException e) {
        throw missingTable(table, target);
      } catch (TableIndexes.MissingIndexException e) {
        throw CruddurException.of(
            ErrorCode.INDEX_NOT_DEPLOYED,
            e.getMessage() + " on " + target.describe(),
            "The CDK app owns the table there: deploy the model's index first (npx cdk deploy)");
      }
      TableDescription description =
          TableSchema.describe(scope.session().dynamo(), table)
              .orElseThrow(() -> missingTable(table, target));
      StoreIdentities identities = new StoreIdentities(scope.session());
      String identity = identities.of(Store.DYNAMODB);
      WriteBudget budget = Budgets.of(spec.budget(), description);
      MigrationStep asRun = inScope(scope, description);
      if (asRun.workers().distributed() && scope.handsOffDistributed()) {
        String created = indexOutcome;
        return DistributedStep.inSlice(
            asRun,
            scope,
            description,
            identity,
            budget,
            runnerOwnsTable,
            r -> outcome(r, budget, created, description, 0));
      }
      if (workers.distributed()) {
        return outcome(
            DistributedStep.run(this, scope, description, identity, budget, runnerOwnsTable),
            budget,
            indexOutcome,
            description,
            0);
      }
      MigrationEngine.Result r;
      long scannedBefore;
      try (Checkpoints checkpoints =
          Checkpoints.open(
              scope.session().postgres().open("cruddur migration " + scope.step().id()))) {
        String step = scope.step().id().key();
        Checkpoints.Run run =
            checkpoints
                .resumable(step, scope.step().checksum(), identity)
                .filter(resumed -> !lostItsWrites(scope, identities, resumed))
                .orElse(null);
        if (run == null) {
          run =
              checkpoints.start(
                  step, scope.step().checksum(), identity, segments(description), scope.actor());
        } else if (run.finishedSegments() > 0) {
          scope
              .listener()
              .notice(
                  resumes(
                      scope.step().id(),
                      "run",
                      run.startedAt(),
                      run.finishedSegments(),
                      run.segments()));
        }
        scannedBefore = run.counts().scanned();
        try {
          r =
              engine(scope, description, budget)
                  .run(checkpoints, run, scope.actor(), scope.deadline()::passed);
        } catch (RuntimeException e) {
          throw translate(e);
        }
      }
      return outcome(r, budget, indexOutcome, description, scannedBefore);
    }

    /**
     * The step's outcome from its run: failed items fail it; a run stopped at a slice's deadline is
     * paused, with what is left ({@code scannedBefore}: items its earlier runs read).
     */
    private StepOutcome outcome(
        MigrationEngine.Result r,
        WriteBudget budget,
        String indexOutcome,
        TableDescription description,
        long scannedBefore) {
      MigrationCounts c = r.counts();
      if (c.failed() > 0) {
        String why =
            String.join(
                "; ",
                r.problems().stream()
                    .filter(s -> s.note().startsWith("failed"))
                    .limit(3)
                    .map(
                        s ->
                            s.before().get(MessagesTable.PK)
                                + " / "
                                + s.before().get(MessagesTable.SK)
                                + ": "
                                + s.note())
                    .toList());
        throw new CruddurException(
            ErrorCode.MIGRATION_ITEMS_FAILED,
            String.format(
                Locale.ROOT,
                "%,d item%s could not be changed (%s); %s",
                c.failed(),
                c.failed() == 1 ? "" : "s",
                c.describe(false),
                why),
            "Fix those items or the step (the next release makes a new pass, where the items"
                + " already changed count as already done)");
      }
      if (r.stopped()) {
        return MigrationPace.paused(indexOutcome, r, budget, description, scannedBefore);
      }
      return StepOutcome.of(
          indexOutcome
              + c.describe(false)
              + " ("
              + r.segments()
              + " segments"
              + (r.segmentsFinishedBefore() > 0
                  ? ", " + r.segmentsFinishedBefore() + " done before"
                  : "")
              + "; "
              + r.throttledRetries()
              + " throttled retries)",
          MigrationDetails.of(r, budget));
    }

    MigrationEngine engine(StepScope scope, TableDescription table, WriteBudget budget) {
      long estimate = table.itemCount() == null ? 0 : table.itemCount();
      MigrationEngine.Job job =
          new MigrationEngine.Job(
              scope.session().dynamo(),
              table.tableName(),
              MessagesTable.PK,
              MessagesTable.SK,
              spec,
              budget,
              Budgets.cost(spec.budget(), table));
      boolean scan = spec.selection() instanceof MigrationSpec.Scan;
      MigrationEngine.Settings engineSettings =
          scope.session().target().serialTransactions()
              ? settings.withOneTransactionAtATime()
              : settings;
      return new MigrationEngine(
          job,
          engineSettings,
          new MigrationEngine.Listener(
              done -> scope.progress(done, scan ? Math.max(estimate, done) : 0),
              scope.listener()::notice));
    }

    int segments(TableDescription table) {
      return spec.selection() instanceof MigrationSpec.Scan s && s.segments().isPresent()
          ? s.segments().getAsInt()
          : Budgets.segments(table);
    }

    RuntimeException translate(RuntimeException e) {
      if (e instanceof ItemPlanner.NotIdempotentException n) {
        return new StepFileException(
            file,
            changeLine,
            n.getMessage(),
            "Make the change idempotent (a 'when' that is false once it is applied, or values that"
                + " do not depend on what they replace); nothing more was written");
      }
      if (!(e instanceof MigrationStopped stopped)) {
        return e;
      }
      return switch (stopped.why()) {
        case SELECTION_REJECTED ->
            new StepFileException(
                file, selectLine, "DynamoDB rejected the selection: " + stopped.getMessage());
        case THROTTLED_TOO_LONG ->
            CruddurException.of(
                ErrorCode.MIGRATION_THROTTLED,
                stopped.getMessage(),
                "Lower the step's budget, or wait for the table's own traffic to calm down: the"
                    + " release resumes where each segment stopped",
                stopped);
        case CHECKPOINTS ->
            CruddurException.of(
                ErrorCode.DATABASE_ERROR,
                stopped.getMessage(),
                "Check PostgreSQL; the release resumes from the last checkpoint",
                stopped);
      };
    }

    private static boolean hasIndex(TableDescription table, String index) {
      return table.hasGlobalSecondaryIndexes()
          && table.globalSecondaryIndexes().stream().anyMatch(i -> i.indexName().equals(index));
    }

    private static CruddurException missingTable(String table, ResolvedTarget target) {
      return CruddurException.of(
          ErrorCode.TABLE_NOT_DEPLOYED,
          "table " + table + " does not exist on " + target.describe(),
          "A dynamodb-migration changes the items of an existing table: create it first (the"
              + " dynamodb-table step, or npx cdk deploy)");
    }

    private static String tableName(StepScope scope) {
      return scope.session().names().tableName();
    }
  }

  /** The notice of a step that resumes its {@code run} (run, distributed run) of {@code since}. */
  static String resumes(StepId step, String run, Instant since, long done, long segments) {
    return step
        + " resumes its "
        + run
        + " of "
        + since
        + ": "
        + done
        + " of "
        + segments
        + " segments are done and are not read again";
  }

  /**
   * True when the local engine lost writes of {@code run} (moto came back from a snapshot taken
   * before them): its checkpoints claim pages whose changes are gone, so it is not resumed (a new
   * run reads every item again; those still changed count as already done). Said as a notice.
   */
  private static boolean lostItsWrites(
      StepScope scope, StoreIdentities identities, Checkpoints.Run run) {
    Optional<LostWrites> lost =
        identities
            .lostWrites(Store.DYNAMODB)
            .filter(w -> w.covers(run.startedAt(), run.finishedAt()));
    lost.ifPresent(
        w ->
            scope
                .listener()
                .notice(
                    scope.step().id()
                        + " starts its run of "
                        + run.startedAt()
                        + " again: "
                        + w.reason()));
    return lost.isPresent();
  }
}
