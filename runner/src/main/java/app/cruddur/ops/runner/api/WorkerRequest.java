package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.MigrationWorkers;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One invocation of a distributed migration's worker (see {@link MigrationWorkers}): the segments
 * of a run it works, under which lease owner, leaving how much of its time unused.
 *
 * @param run the run's id
 * @param step the step's version key ({@code V012})
 * @param controlTable the control table holding the run
 * @param segments the segments it works (a Distributed Map item's)
 * @param owner the lease owner: the same for every invocation of one child workflow
 * @param workers how many workers share the run's budget
 * @param margin the time left unused at the end (to finish a page's writes and answer)
 */
public record WorkerRequest(
    UUID run,
    String step,
    String controlTable,
    List<Integer> segments,
    String owner,
    int workers,
    Duration margin) {
  public WorkerRequest {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw CruddurException.usage(
          "a worker was given no segments", "Invoke it with a Distributed Map item's segments");
    }
    if (workers < 1) {
      throw CruddurException.usage("a worker's run has " + workers + " workers", "Give 1 or more");
    }
  }

  /**
   * The request a worker's event is.
   *
   * @throws CruddurException (usage) naming the field that is missing or wrong
   */
  public static WorkerRequest fromEvent(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw CruddurException.usage(
          "a worker's event is a JSON object", "Invoke it from the release workflow's map");
    }
    List<Integer> segments = new ArrayList<>();
    event.path(MigrationWorkers.SEGMENTS_FIELD).forEach(s -> segments.add(s.asInt()));
    UUID run;
    try {
      run = UUID.fromString(text(event, MigrationWorkers.RUN_FIELD));
    } catch (IllegalArgumentException e) {
      throw CruddurException.usage(
          "a worker's " + MigrationWorkers.RUN_FIELD + " is not a run id", "Give the run's UUID");
    }
    return new WorkerRequest(
        run,
        text(event, MigrationWorkers.STEP_FIELD),
        text(event, MigrationWorkers.CONTROL_TABLE_FIELD),
        segments,
        text(event, MigrationWorkers.OWNER_FIELD),
        event.path(MigrationWorkers.WORKERS_FIELD).asInt(1),
        Duration.ofSeconds(
            event
                .path(MigrationWorkers.MARGIN_FIELD)
                .asLong(MigrationWorkers.WORKER_MARGIN.toSeconds())));
  }

  private static String text(JsonNode event, String field) {
    String value = event.path(field).asText("");
    if (value.isEmpty()) {
      throw CruddurException.usage(
          "a worker's event has no " + field, "Invoke it from the release workflow's map");
    }
    return value;
  }
}
