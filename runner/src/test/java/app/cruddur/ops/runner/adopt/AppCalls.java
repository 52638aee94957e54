package app.cruddur.ops.runner.adopt;

import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.testing.HermeticEnvironment;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Cruddur app's boto3 calls ({@code src/test/resources/cruddur-app/app_calls.py}: its {@code
 * lib/ddb.py}) on one table of the shared local environment, made by python3 with boto3 in an
 * environment that has nothing but the local engine's endpoint, region and keys and {@code
 * DDB_MESSAGE_TABLE}.
 */
final class AppCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AppCalls() {}

  /** {@code python3 app_calls.py ARGS} against {@code table}: the one JSON document it prints. */
  static JsonNode run(String table, String... args) {
    LocalEndpoints endpoints = SharedLocalEnvironment.endpoints();
    List<String> command = new ArrayList<>(List.of("python3", script().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = HermeticEnvironment.apply(new ProcessBuilder(command));
    builder.environment().put("AWS_ENDPOINT_URL", endpoints.awsEndpoint().toString());
    builder.environment().put("AWS_DEFAULT_REGION", endpoints.region());
    builder.environment().put("AWS_ACCESS_KEY_ID", endpoints.accessKeyId());
    builder.environment().put("AWS_SECRET_ACCESS_KEY", endpoints.secretAccessKey());
    builder.environment().put("DDB_MESSAGE_TABLE", table);
    try {
      Path err = Files.createTempFile(TestPaths.target(""), "app-calls", ".err");
      builder.redirectError(err.toFile());
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", args) + " failed: " + Files.readString(err));
      }
      Files.delete(err);
      return JSON.readTree(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Path script() {
    try {
      return Path.of(AppCalls.class.getResource("/cruddur-app/app_calls.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
