package app.cruddur.ops.vehicle.workflow;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.SegmentWorker;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.WorkerAnswer;
import app.cruddur.ops.runner.api.WorkerRequest;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.vehicle.PackagedProject;
import app.cruddur.ops.vehicle.VehicleSetupException;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
public final class MigrationWorkerHandler implements RequestStreamHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> env;
  private final Path workDir;
  private final PrintStream log;

  /** The handler Lambda instantiates: this process's environment, work files in /tmp. */
  public MigrationWorkerHandler() {
    this(
        System.getenv(),
        Path.of(System.getProperty("java.io.tmpdir"), "cruddur-worker"),
        System.out);
  }

  /**
   * @param env the function's environment (AWS credentials and region)
   * @param workDir where the packaged project is unpacked, if it must be
   * @param log where each invocation's one line goes
   */
  public MigrationWorkerHandler(Map<String, String> env, Path workDir, PrintStream log) {
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.log = log;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event;
    try {
      event = JSON.readTree(input);
    } catch (JsonProcessingException e) {
      event = null;
    }
    Duration remaining =
        context == null
            ? MigrationWorkers.WORKER_TIMEOUT
            : Duration.ofMillis(context.getRemainingTimeInMillis());
    output.write(JSON.writeValueAsBytes(handle(event, remaining).toJson()));
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
      Path project =
          env.containsKey(Invocation.PROJECT_DIR_ENV)
              ? Path.of(env.get(Invocation.PROJECT_DIR_ENV))
              : PackagedProject.locate(MigrationWorkerHandler.class.getClassLoader(), workDir);
      answer = SegmentWorker.work(env, project, request, remaining);
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
