package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.step.StepScope;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A {@code dynamodb-migration} step run distributed from a release: its run found or started in the
 * control table beside the messages table ({@code <table>-control}, created where the runner owns
 * DynamoDB), its workers started and waited for, and the totals read back from the control table
 * once every segment is finished — so the release's ledger records the step once, with the whole
 * run's counts. A worker that dies is replaced by the others (they take its segments over when its
 * lease expires); when every worker has stopped with segments left, the step fails and the next
 * release resumes the same run. In a slice of a release workflow ({@link #inSlice}) the workflow's
 * Distributed Map is the workers.
 *
 * <p>Longer than our usual class on purpose: both ways a distributed step runs — local worker
 * processes, the workflow's map — find or start the run, and record its totals, the same way.
 */
final class DistributedStep {
  private DistributedStep() {}

  static MigrationEngine.Result run(
      DynamoMigrationStepKind.MigrationStep step,
      StepScope scope,
      TableDescription table,
      String identity,
      WriteBudget budget,
      boolean runnerOwnsTable) {
    long start = System.nanoTime();
    int workers = workers(step, scope);
    Distribution distribution = step.workers().distribution();
    URI endpoint =
        scope
            .session()
            .aws()
            .endpoint("DynamoDB")
            .filter(e -> !distribution.workerCommand().isEmpty())
            .orElseThrow(
                () ->
                    CruddurException.of(
                        ErrorCode.CONFLICTING_OPTIONS,
                        scope.step().id()
                            + " runs distributed ("
                            + workers
                            + " workers), and local worker processes need a DynamoDB endpoint: the"
                            + " local engine or --endpoint-url, not "
                            + scope.session().target().describe(),
                        "Run it here with --workers 1 off the local engines (the release workflow's"
                            + " Distributed Map runs it on AWS)"));
    ControlTable control = control(scope, table, runnerOwnsTable);
    ControlTable.Run run = runOf(step, scope, control, table, identity, budget);
    int finishedBefore = run.finishedSegments();
    long estimate = table.itemCount() == null ? 0 : table.itemCount();
    int threadsEach =
        Math.max(
            1, Math.min(step.settings().scanThreads(), (run.segments() + workers - 1) / workers));
    List<LocalWorkers.Ended> ended;
    try {
      ended =
          LocalWorkers.run(
              distribution,
              workers,
              scope.projectDir(),
              scope.step().id().key(),
              endpoint,
              control,
              run.id(),
              scope.session().target().serialTransactions(),
              threadsEach,
              done -> scope.progress(done, Math.max(estimate, done)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the workers ran", e);
    }
    ControlTable.Run after = control.run(run.id()).orElseThrow();
    if (!after.allSegmentsFinished()) {
      String why =
          after.stop().isPresent()
              ? "stopped as asked by " + after.stop().get().by()
              : ended.stream()
                  .filter(e -> e.exitCode() != 0)
                  .map(
                      e ->
                          "exit "
                              + e.exitCode()
                              + (e.lastError().isEmpty() ? "" : ": " + e.lastError()))
                  .findFirst()
                  .orElse("no worker said why");
      throw CruddurException.of(
          ErrorCode.MIGRATION_WORKERS_FAILED,
          String.format(
              "the %d workers of %s stopped with %d of %d segments finished (%s)",
              workers, scope.step().id(), after.finishedSegments(), after.segments(), why),
          "Rerun the release: it resumes the same run from each segment's last recorded page");
    }
    control.finish(run.id());
    return totals(after, finishedBefore, sum(ended, "pagesRead"), budget, start, ended);
  }

  /**
   * The step in a slice of a release workflow: its run found or started in the control table as
   * {@link #run} does; once every segment is finished, {@code done} of the run's totals from the
   * control table (the step is recorded once). Otherwise the step pauses and hands its unfinished
   * segments — shuffled, dealt into as many items as it has workers — to the workflow's Distributed
   * Map, whose children work them on the worker Lambda before the next slice. A map after which
   * nothing moved (no segment finished, no item read since the run's previous hand-off) fails the
   * step instead of fanning out again.
   */
  static StepOutcome inSlice(
      DynamoMigrationStepKind.MigrationStep step,
      StepScope scope,
      TableDescription table,
      String identity,
      WriteBudget budget,
      boolean runnerOwnsTable,
      Function<MigrationEngine.Result, StepOutcome> done) {
    long start = System.nanoTime();
    int workers = workers(step, scope);
    ControlTable control = control(scope, table, runnerOwnsTable);
    ControlTable.Run run = runOf(step, scope, control, table, identity, budget);
    if (run.allSegmentsFinished()) {
      control.finish(run.id());
      return done.apply(totals(run, 0, control.pages(run.id()), budget, start, List.of()));
    }
    MigrationCounts counts = run.counts();
    Optional<ControlTable.HandOff> before =
        control.handOff(run.id(), run.finishedSegments(), counts.scanned());
    if (before.isPresent()
        && before.get().finished() == run.finishedSegments()
        && before.get().scanned() == counts.scanned()) {
      control.forgetHandOffs(run.id()); // a new workflow's first hand-off starts afresh
      throw CruddurException.of(
          ErrorCode.MIGRATION_WORKERS_FAILED,
          String.format(
              Locale.ROOT,
              "the workers of %s made no progress since its last hand-off (hand-off %d: %d of %d"
                  + " segments finished, %,d items read): it is not handed to them again",
              scope.step().id(),
              before.get().handOffs(),
              run.finishedSegments(),
              run.segments(),
              counts.scanned()),
          "See the migration worker function's log for why its invocations failed; the next"
              + " release resumes the same run from each segment's last recorded page");
    }
    List<Integer> left = new ArrayList<>();
    run.state().stream()
        .filter(segment -> !segment.finished())
        .forEach(segment -> left.add(segment.segment()));
    Collections.shuffle(left);
    int children = Math.min(workers, left.size());
    List<List<Integer>> items = new ArrayList<>();
    for (int i = 0; i < children; i++) {
      items.add(new ArrayList<>());
    }
    for (int i = 0; i < left.size(); i++) {
      items.get(i % children).add(left.get(i));
    }
    Duration rest =
        MigrationPace.whole(step.spec().budget(), table)
            .multipliedBy(left.size())
            .dividedBy(Math.max(1, run.segments()));
    return StepOutcome.handedOff(
        String.format(
            Locale.ROOT,
            "paused: %d of %d segments handed to %d worker%s (run %s): %s",
            left.size(),
            run.segments(),
            children,
            children == 1 ? "" : "s",
            run.id(),
            counts.describe(false)),
        MigrationDetails.of(
            totals(run, run.finishedSegments(), control.pages(run.id()), budget, start, List.of()),
            budget),
        rest,
        new ReleaseResult.Distribute(
            scope.step().id().key(),
            run.id().toString(),
            control.name(),
            children,
            children,
            100,
            items));
  }

  /** The run's totals as the control table has them, as a step's result. */
  private static MigrationEngine.Result totals(
      ControlTable.Run run,
      int finishedBefore,
      long pages,
      WriteBudget budget,
      long start,
      List<LocalWorkers.Ended> ended) {
    return new MigrationEngine.Result(
        Optional.of(run.id()),
        run.counts(),
        run.segments(),
        finishedBefore,
        pages,
        sum(ended, "requests"),
        sum(ended, "throttledRetries"),
        sum(ended, "backoffMillis"),
        reasons(ended),
        List.of(),
        List.of(),
        (System.nanoTime() - start) / 1_000_000,
        budget.toString(),
        false); // a distributed run goes to its end: its workers do not take a slice's deadline
  }

  /**
   * The workers {@code step} runs on here (as the step file or {@code --workers} says, one where
   * the engine undoes concurrent writes and the step may move items), said when fewer than asked.
   */
  private static int workers(DynamoMigrationStepKind.MigrationStep step, StepScope scope) {
    int asked = step.workers().count();
    int workers = step.workers().count(step.spec(), scope);
    if (workers < asked) {
      scope
          .listener()
          .notice(
              scope.step().id()
                  + " moves items, and "
                  + scope.session().target().describe()
                  + " undoes concurrent writes when it cancels a transaction: it runs on 1 worker,"
                  + " not "
                  + asked);
    }
    return workers;
  }

  /** The control table beside {@code table}, created where the runner owns the table. */
  private static ControlTable control(
      StepScope scope, TableDescription table, boolean runnerOwnsTable) {
    ControlTable control =
        new ControlTable(
            scope.session().dynamo(), MigrationWorkers.controlTableFor(table.tableName()));
    if (!control.ensure(runnerOwnsTable)) {
      throw CruddurException.of(
          ErrorCode.TABLE_NOT_DEPLOYED,
          "the control table "
              + control.name()
              + " of a distributed migration does not exist on "
              + scope.session().target().describe(),
          "Deploy it with the table (npx cdk deploy), or run the step with --workers 0");
    }
    return control;
  }

  /** The step's run to continue (said when some of it is done), else a new one. */
  private static ControlTable.Run runOf(
      DynamoMigrationStepKind.MigrationStep step,
      StepScope scope,
      ControlTable control,
      TableDescription table,
      String identity,
      WriteBudget budget) {
    String key = scope.step().id().key();
    Optional<ControlTable.Run> resumable =
        control.resumable(key, scope.step().checksum(), identity);
    if (resumable.isEmpty()) {
      return control.start(
          key,
          scope.step().checksum(),
          identity,
          table.tableName(),
          step.segments(table),
          budget.unlimitedBudget() ? OptionalDouble.empty() : OptionalDouble.of(budget.ceiling()),
          budget.basis(),
          scope.actor());
    }
    ControlTable.Run run = resumable.get();
    if (run.stop().isPresent()) {
      // the stopped release has ended (its lease with it): this one resumes the run's workers, and
      // its first hand-off is not measured against the stopped release's last
      control.resumeAfterStop(run.id(), run.stopsAsked());
      control.forgetHandOffs(run.id());
      scope
          .listener()
          .notice(
              scope.step().id()
                  + "'s distributed run was stopped as asked by "
                  + run.stop().get().by()
                  + " at "
                  + run.stop().get().at()
                  + ": this release resumes it");
    }
    if (run.finishedSegments() > 0 && !run.allSegmentsFinished()) {
      scope
          .listener()
          .notice(
              DynamoMigrationStepKind.resumes(
                  scope.step().id(),
                  "distributed run",
                  run.startedAt(),
                  run.finishedSegments(),
                  run.segments()));
    }
    return run;
  }

  /** {@code seconds} as a person reads it: 40 s, 12 min, 3.5 h, 2.1 days. */
  static String duration(double seconds) {
    if (seconds < 90) {
      return String.format(java.util.Locale.ROOT, "%.0f s", Math.ceil(seconds));
    }
    if (seconds < 90 * 60) {
      return String.format(java.util.Locale.ROOT, "%.0f min", seconds / 60);
    }
    if (seconds < 48 * 3600) {
      return String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600);
    }
    return String.format(java.util.Locale.ROOT, "%.1f days", seconds / 86400);
  }

  /** Each throttling reason the workers met, and how often, summed over them. */
  private static Map<String, Long> reasons(List<LocalWorkers.Ended> ended) {
    Map<String, Long> all = new java.util.TreeMap<>();
    for (LocalWorkers.Ended e : ended) {
      e.outcome()
          .map(o -> o.path("throttleReasons"))
          .ifPresent(
              r ->
                  r.properties()
                      .forEach(f -> all.merge(f.getKey(), f.getValue().asLong(), Long::sum)));
    }
    return all;
  }

  private static long sum(List<LocalWorkers.Ended> ended, String field) {
    return ended.stream()
        .flatMap(e -> e.outcome().stream())
        .map(o -> o.path(field))
        .filter(JsonNode::isNumber)
        .mapToLong(JsonNode::asLong)
        .sum();
  }
}
