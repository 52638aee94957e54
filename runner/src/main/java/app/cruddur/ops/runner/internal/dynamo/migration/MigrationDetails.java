package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a {@code dynamodb-migration} step recorded in its ledger row ({@code status} shows the
 * counts, {@code --output json} carries it all).
 *
 * @param scanned items read
 * @param changed items this run changed
 * @param alreadyDone items already in the migrated form
 * @param skipped items outside the migration
 * @param changedElsewhere items another writer changed between read and write
 * @param failed items that could not be changed
 * @param runId the checkpointed run
 * @param segments how many segments
 * @param segmentsFinishedBefore segments an earlier, killed run had finished
 * @param pagesRead pages read by this process
 * @param requests write and re-read requests
 * @param throttledRetries writes retried after throttling
 * @param backoffMillis time spent backing off
 * @param throttleReasons how often each throttling reason was met
 * @param budget the write budget at the end, or {@code unlimited}
 * @param samples a few items changed, before and after
 * @param changedByOthers items failed or changed by someone else, with why
 * @param elapsedMillis wall time of this process's part
 */
record MigrationDetails(
    long scanned,
    long changed,
    long alreadyDone,
    long skipped,
    long changedElsewhere,
    long failed,
    Optional<UUID> runId,
    int segments,
    int segmentsFinishedBefore,
    long pagesRead,
    long requests,
    long throttledRetries,
    long backoffMillis,
    Map<String, Long> throttleReasons,
    String budget,
    List<ItemSamples.Sample> samples,
    List<ItemSamples.Sample> changedByOthers,
    long elapsedMillis) {

  /** The details of run {@code r} under {@code budget}. */
  static MigrationDetails of(MigrationEngine.Result r, WriteBudget budget) {
    MigrationCounts c = r.counts();
    return new MigrationDetails(
        c.scanned(),
        c.changed(),
        c.alreadyDone(),
        c.skipped(),
        c.changedElsewhere(),
        c.failed(),
        r.runId(),
        r.segments(),
        r.segmentsFinishedBefore(),
        r.pagesRead(),
        r.requests(),
        r.throttledRetries(),
        r.backoffMillis(),
        r.throttleReasons(),
        budget.unlimitedBudget() ? "unlimited" : budget.basis(),
        r.changes().stream().limit(3).toList(),
        r.problems(),
        r.elapsedMillis());
  }

  /** The counts. */
  MigrationCounts counts() {
    return new MigrationCounts(scanned, changed, alreadyDone, skipped, changedElsewhere, failed);
  }
}
