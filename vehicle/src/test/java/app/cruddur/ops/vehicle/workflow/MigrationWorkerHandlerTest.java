package app.cruddur.ops.vehicle.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worker Lambda's entry point: an event that is not a worker's request is answered {@code
 * failed} with a usage error naming what is wrong — one JSON answer the child workflow routes on,
 * never a crash (the worker itself, on the local engine: {@code DistributedMigrationTest}).
 */
class MigrationWorkerHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json                                                           | a JSON object",
        "{\"step\": \"V012\"}                                              | has no run",
        "{\"run\": \"8f2c1a4e-1b7d-4c55-9e0a-3d1f6b2a7c90\", \"step\": \"V012\","
            + " \"controlTable\": \"t-control\", \"owner\": \"arn\"}       | no segments",
        "{\"run\": \"8f2c1a4e-1b7d-4c55-9e0a-3d1f6b2a7c90\", \"segments\": [1],"
            + " \"controlTable\": \"t-control\", \"owner\": \"arn\"}       | has no step"
      })
  void anEventThatIsNotAWorkersRequestIsAnsweredFailedSayingWhy(
      String event, String why, @TempDir Path dir) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MigrationWorkerHandler(Map.of(), dir, new PrintStream(log, true, StandardCharsets.UTF_8))
        .handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);

    JsonNode answer = JSON.readTree(out.toByteArray());
    assertThat(answer.path("outcome").asText()).isEqualTo("failed");
    assertThat(answer.at("/error/code").asText()).isEqualTo("USAGE");
    assertThat(answer.at("/error/exitCode").asInt()).isEqualTo(2);
    assertThat(answer.at("/error/message").asText()).contains(why);
    assertThat(log.toString(StandardCharsets.UTF_8)).startsWith("cruddur worker: ");
  }

  @Test
  void aStepTheWorkersPackageLacksFailsTheChildWithItsSegmentsLeft(@TempDir Path project)
      throws Exception {
    java.nio.file.Files.createDirectories(project.resolve("seeders"));
    JsonNode event =
        JSON.readTree(
            """
            {"run": "8f2c1a4e-1b7d-4c55-9e0a-3d1f6b2a7c90", "step": "V012",
             "controlTable": "t-control", "segments": [3, 1], "owner": "arn:child", "workers": 2,
             "marginSeconds": 60}
            """);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    JsonNode answer =
        new MigrationWorkerHandler(
                Map.of(
                    "CRUDDUR_PROJECT_DIR", project.toString(),
                    "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "testing",
                    "AWS_SECRET_ACCESS_KEY", "testing",
                    "AWS_EC2_METADATA_DISABLED", "true",
                    "AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9"),
                project,
                new PrintStream(log, true, StandardCharsets.UTF_8))
            .handle(event, java.time.Duration.ofMinutes(15))
            .toJson();

    assertThat(answer.path("outcome").asText()).isEqualTo("failed");
    assertThat(answer.at("/error/code").asText()).isEqualTo("MIGRATION_WORKERS_FAILED");
    assertThat(answer.at("/error/message").asText())
        .isEqualTo("the worker has no step V012 in its seeders/");
    assertThat(answer.path("segmentsLeft").toString()).isEqualTo("[3,1]");
    assertThat(answer.path("segmentsFinished").toString()).isEqualTo("[]");
  }
}
