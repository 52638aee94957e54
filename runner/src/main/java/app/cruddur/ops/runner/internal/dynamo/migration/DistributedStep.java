package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.step.StepScope;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * A {@code dynamodb-migration} step run distributed from a release: its run found or started in the
 * control table beside the messages table ({@code <table>-control}, created where the runner owns
 * DynamoDB), its workers started and waited for, and the totals read back from the control table
 * once every segment is finished — so the release's ledger records the step once, with the whole
 * run's counts. A worker that dies is replaced by the others (they take its segments over when its
 * lease expires); when every worker has stopped with segments left, the step fails and the next
 * release resumes the same run.
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
    String key = scope.step().id().key();
    ControlTable.Run run = control.resumable(key, scope.step().checksum(), identity).orElse(null);
    int finishedBefore = 0;
    if (run == null) {
      run =
          control.start(
              key,
              scope.step().checksum(),
              identity,
              table.tableName(),
              step.segments(table),
              budget.unlimitedBudget()
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(budget.ceiling()),
              budget.basis(),
              scope.actor());
    } else {
      finishedBefore = run.finishedSegments();
      if (finishedBefore > 0) {
        scope
            .listener()
            .notice(
                scope.step().id()
                    + " resumes its distributed run of "
                    + run.startedAt()
                    + ": "
                    + finishedBefore
                    + " of "
                    + run.segments()
                    + " segments are done and are not read again");
      }
    }
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
              key,
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
          ended.stream()
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
    long pages = sum(ended, "pagesRead");
    return new MigrationEngine.Result(
        Optional.of(run.id()),
        after.counts(),
        after.segments(),
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
