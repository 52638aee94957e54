package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.SegmentWorker;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.WorkerAnswer;
import app.cruddur.ops.runner.api.WorkerRequest;
import app.cruddur.ops.vehicle.PackagedFunction;
import app.cruddur.ops.vehicle.VehicleSetupException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The worker Lambda of a distributed {@code dynamodb-migration} (see {@link MigrationWorkers}):
 * invoked by each child workflow of the release workflow's Distributed Map, it works the child's
 * segments until they are done, the function's remaining time is down to the margin or a stop is
 * asked for the run, and answers {@code more}, {@code done}, {@code stopped} or {@code failed} with
 * its counts ({@link SegmentWorker}). It is the release vehicle's package — the same {@code
 * seeders/} (a run is of one checksum) and Java migrations as the slice that started the run —
 * deployed as a function of its own outside the VPC with rights on the messages table and its
 * control table only: it never opens PostgreSQL.
 */
public final class MigrationWorkerHandler extends PackagedFunction {
  /** The handler Lambda instantiates: this process's environment, work files in /tmp. */
  public MigrationWorkerHandler() {
    this(System.getenv(), temporary("cruddur-worker"), System.out);
  }

  /**
   * @param env the function's environment (AWS credentials and region)
   * @param workDir where the packaged project is unpacked, if it must be
   * @param log where each invocation's one line goes
   */
  public MigrationWorkerHandler(Map<String, String> env, Path workDir, PrintStream log) {
    super(env, workDir, log, MigrationWorkers.WORKER_TIMEOUT);
  }

  @Override
  protected JsonNode answer(JsonNode event, Duration remaining) {
    return handle(event, remaining).toJson();
  }

  /** The answer to {@code event}, given {@code remaining} time. */
  public WorkerAnswer handle(JsonNode event, Duration remaining) {
    WorkerRequest request;
    try {
      request = WorkerRequest.fromEvent(event);
    } catch (CruddurException e) {
      log.println("cruddur worker: " + e.getMessage());
      return WorkerAnswer.failed(List.of(), e);
    }
    WorkerAnswer answer;
    try {
      answer = SegmentWorker.work(env, project(), request, remaining);
    } catch (VehicleSetupException e) {
      answer =
          WorkerAnswer.failed(
              request.segments(),
              CruddurException.config(
                  e.getMessage(), "Deploy the vehicle's package built by mvn package"));
    } catch (CruddurException e) {
      answer = WorkerAnswer.failed(request.segments(), e);
    }
    log.println(
        "cruddur worker: "
            + request.step()
            + " run "
            + request.run()
            + " segments "
            + request.segments()
            + ": "
            + answer.outcome().wire()
            + ", "
            + answer.segmentsFinished().size()
            + " finished, "
            + answer.scanned()
            + " items read, "
            + answer.changed()
            + " changed"
            + answer.error().map(e -> " (" + e.code() + ": " + e.getMessage() + ")").orElse(""));
    return answer;
  }
}
