package app.cruddur.ops.moto;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * moto's own control API ({@code /moto-api/}) on a running server: reset its state, make it execute
 * Step Functions state machines, and queue the answers its Lambda gives without running code.
 * (Plain JSON over HTTP: this module has no dependencies.)
 *
 * <p>Measured on moto 5.2.1: a state machine executes only when the server was started with {@code
 * MOTO_PORT} equal to its port (its service integrations call back into it; otherwise they reach
 * localhost:5000 and the execution "succeeds" doing nothing), and a second execution in one backend
 * fails (moto #10077): {@link #reset} and {@link #executeStateMachines} again before each.
 */
public final class MotoApi {
  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The control API of the server at {@code endpoint} (e.g. {@code http://127.0.0.1:PORT}). */
  public MotoApi(URI endpoint) {
    this.endpoint = endpoint;
  }

  /** Forgets every resource of every service (and the configuration). */
  public void reset() {
    post("/moto-api/reset", "{}");
  }

  /**
   * State machines execute (moto's ASL interpreter) and Lambda answers without Docker: from the
   * queue of {@link #queueLambdaAnswers}, else its default.
   */
  public void executeStateMachines() {
    post(
        "/moto-api/config",
        "{\"stepfunctions\": {\"execute_state_machine\": true},"
            + " \"lambda\": {\"use_docker\": false}}");
  }

  /**
   * The next Lambda invocations in {@code region} answer these payloads, one each, in order (any
   * function: moto does not run its code).
   *
   * @param answers JSON documents, as the function would return them
   */
  public void queueLambdaAnswers(String region, List<String> answers) {
    String results =
        answers.stream().map(MotoApi::jsonString).collect(Collectors.joining(", ", "[", "]"));
    post(
        "/moto-api/static/lambda-simple/response",
        "{\"results\": " + results + ", \"region\": " + jsonString(region) + "}");
  }

  private void post(String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "moto " + path + " answered " + response.statusCode() + ": " + response.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("moto " + path + " did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling moto " + path, e);
    }
  }

  /** {@code s} as a JSON string literal. */
  static String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
