package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What one invocation of a distributed migration's worker did (see {@link MigrationWorkers}).
 *
 * @param outcome {@code done} when its segments are finished, {@code more} when its time ran out
 *     first, {@code stopped} when a stop was asked for the run first (it ended after the page in
 *     hand), {@code failed} with {@code error}
 * @param segmentsFinished its segments finished (by it or before)
 * @param segmentsLeft its segments not finished
 * @param scanned items of the pages it recorded
 * @param changed items it changed
 * @param alreadyDone items it found already migrated
 * @param skipped items the migration leaves as they are
 * @param changedElsewhere items someone else changed between its read and its write
 * @param failed items it could not migrate
 * @param pagesRead pages it read
 * @param error why it failed
 */
public record WorkerAnswer(
    MigrationWorkers.Outcome outcome,
    List<Integer> segmentsFinished,
    List<Integer> segmentsLeft,
    long scanned,
    long changed,
    long alreadyDone,
    long skipped,
    long changedElsewhere,
    long failed,
    long pagesRead,
    Optional<CruddurException> error) {
  public WorkerAnswer {
    segmentsFinished = List.copyOf(segmentsFinished);
    segmentsLeft = List.copyOf(segmentsLeft);
  }

  /** A worker that failed before or while it worked. */
  public static WorkerAnswer failed(List<Integer> segments, CruddurException error) {
    return new WorkerAnswer(
        MigrationWorkers.Outcome.FAILED,
        List.of(),
        segments,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        Optional.of(error));
  }

  /** As the worker answers it: the fields {@link ReleaseWorkflow} routes on at the top level. */
  public ObjectNode toJson() {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put(MigrationWorkers.OUTCOME_FIELD, outcome.wire());
    json.set("segmentsFinished", Json.mapper().valueToTree(segmentsFinished));
    json.set("segmentsLeft", Json.mapper().valueToTree(segmentsLeft));
    ObjectNode counts = json.putObject("counts");
    counts.put("scanned", scanned);
    counts.put("changed", changed);
    counts.put("alreadyDone", alreadyDone);
    counts.put("skipped", skipped);
    counts.put("changedElsewhere", changedElsewhere);
    counts.put("failed", failed);
    json.put("pagesRead", pagesRead);
    error.ifPresent(
        e -> {
          ObjectNode o = json.putObject(ReleaseWorkflow.ERROR_FIELD);
          o.put(ReleaseWorkflow.ERROR_CODE_FIELD, e.code().name());
          o.put(ReleaseWorkflow.ERROR_EXIT_CODE_FIELD, e.exitCode().code());
          o.put(ReleaseWorkflow.ERROR_MESSAGE_FIELD, e.problem());
          o.put(ReleaseWorkflow.ERROR_HINT_FIELD, e.remedy());
        });
    return json;
  }
}
