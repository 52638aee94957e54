package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.internal.aws.LocalEngineClients;
import app.cruddur.ops.runner.internal.dynamo.migration.ControlTable;
import app.cruddur.ops.runner.internal.dynamo.migration.Distribution;
import app.cruddur.ops.runner.internal.dynamo.migration.MigrationEngine;
import app.cruddur.ops.runner.internal.dynamo.migration.MigrationWorker;
import app.cruddur.ops.runner.internal.step.StepCatalog;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One local worker process of {@code cruddur release --workers N}: reads the project's step, works
 * the run's segments with {@link MigrationWorker} until the run is finished, and prints its outcome
 * as one JSON line (on failure: {@code error: …} on stderr, exit 1). Started by the release with an
 * empty environment and every setting as an argument.
 */
public final class MigrationWorkerProcess {
  private MigrationWorkerProcess() {}

  /** The command that starts a worker: this JVM, its class path, this class. */
  public static List<String> command() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        System.getProperty("java.class.path"),
        MigrationWorkerProcess.class.getName());
  }

  /** The kinds of a release whose migrations may run on {@code workers} local processes. */
  public static Distribution distribution(int workers, Duration lease) {
    return new Distribution(workers, lease, command());
  }

  public static void main(String[] args) {
    try {
      Map<String, String> options = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].startsWith("--")) {
          boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
          options.put(args[i].substring(2), flag ? "true" : args[++i]);
        }
      }
      Path project = Path.of(options.get("project"));
      String stepKey = options.get("step");
      StepDefinition step =
          StepCatalog.load(project, DefaultStepKinds.all()).steps().stream()
              .filter(s -> s.id().key().equals(stepKey))
              .findFirst()
              .orElseThrow(
                  () -> new IllegalStateException("no step " + stepKey + " in " + project));
      int workers = Integer.parseInt(options.get("workers"));
      MigrationEngine.Settings engine = MigrationEngine.Settings.defaults();
      engine =
          new MigrationEngine.Settings(
              Integer.parseInt(options.get("threads")),
              engine.writers(),
              engine.pageLimit(),
              engine.writer());
      if (options.containsKey("one-transaction-at-a-time")) {
        engine = engine.withOneTransactionAtATime();
      }
      String owner = "worker " + options.get("worker") + " pid " + ProcessHandle.current().pid();
      MigrationWorker.Outcome outcome;
      try (DynamoDbClient dynamo =
          LocalEngineClients.localEngine(
                  DynamoDbClient.builder(), URI.create(options.get("endpoint")))
              .build()) {
        outcome =
            MigrationWorker.work(
                dynamo,
                new ControlTable(dynamo, options.get("control-table")),
                UUID.fromString(options.get("run")),
                step,
                new MigrationWorker.Settings(
                    owner,
                    Duration.ofMillis(Long.parseLong(options.get("lease-millis"))),
                    workers,
                    engine),
                MigrationEngine.Listener.NONE);
      }
      ObjectNode line = Json.mapper().valueToTree(outcome);
      line.put("owner", owner);
      System.out.println(line);
    } catch (Exception e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }
}
