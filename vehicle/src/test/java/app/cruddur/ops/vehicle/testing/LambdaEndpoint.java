package app.cruddur.ops.vehicle.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Lambda's Invoke API on 127.0.0.1, for what moto cannot do (it runs no function without Docker):
 * {@code POST /2015-03-31/functions/{name}/invocations} runs a deployed handler in this JVM,
 * synchronously, as the Lambda runtime would (the event as the input stream, the answer as the
 * payload; an exception out of the handler is a {@code X-Amz-Function-Error: Unhandled} answer with
 * its {@code errorMessage}). A function that is not deployed is a 404 ResourceNotFoundException.
 */
public final class LambdaEndpoint implements AutoCloseable {
  private static final String PREFIX = "/2015-03-31/functions/";

  /** What a deployed function does with one event. */
  @FunctionalInterface
  public interface Function {
    Answer invoke(byte[] event) throws IOException;
  }

  /**
   * A function's answer.
   *
   * @param payload the response payload
   * @param functionError the X-Amz-Function-Error header (null: none)
   */
  public record Answer(String payload, String functionError) {}

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Function> functions = new ConcurrentHashMap<>();
  private final List<String> invocations =
      java.util.Collections.synchronizedList(new ArrayList<>());

  private LambdaEndpoint(HttpServer server) {
    this.server = server;
  }

  /** Starts the endpoint on a free loopback port. */
  public static LambdaEndpoint start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    LambdaEndpoint endpoint = new LambdaEndpoint(server);
    server.createContext("/", endpoint::handle);
    server.setExecutor(endpoint.threads);
    server.start();
    return endpoint;
  }

  /** Its URL, for AWS_ENDPOINT_URL_LAMBDA. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Deploys {@code handler} as the function {@code name}. */
  public String deploy(String name, RequestStreamHandler handler) {
    functions.put(
        name,
        event -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try {
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            return new Answer(out.toString(StandardCharsets.UTF_8), null);
          } catch (RuntimeException e) {
            return new Answer(
                "{\"errorMessage\": \""
                    + e.getMessage().replace("\"", "'")
                    + "\", \"errorType\": \""
                    + e.getClass().getName()
                    + "\"}",
                "Unhandled");
          }
        });
    return name;
  }

  /**
   * Deploys a function that answers every event with {@code answer} (what Lambda says when a
   * function times out).
   */
  public String deploy(String name, Answer answer) {
    functions.put(name, event -> answer);
    return name;
  }

  /** The events every function was invoked with, in order, as {@code name: event}. */
  public List<String> invocations() {
    return List.copyOf(invocations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (!exchange.getRequestMethod().equals("POST")
          || !path.startsWith(PREFIX)
          || !path.endsWith("/invocations")) {
        send(
            exchange,
            400,
            "{\"__type\": \"InvalidRequestContentException\", \"message\": \"only Invoke is served"
                + " here\"}",
            "InvalidRequestContentException",
            null);
        return;
      }
      String name =
          URLDecoder.decode(
              path.substring(PREFIX.length(), path.length() - "/invocations".length()),
              StandardCharsets.UTF_8);
      byte[] event = exchange.getRequestBody().readAllBytes();
      Function function = functions.get(name);
      if (function == null) {
        send(
            exchange,
            404,
            "{\"__type\": \"ResourceNotFoundException\", \"Type\": \"User\", \"message\":"
                + " \"Function not found: arn:aws:lambda:us-east-1:000000000000:function:"
                + name
                + "\"}",
            "ResourceNotFoundException",
            null);
        return;
      }
      invocations.add(name + ": " + new String(event, StandardCharsets.UTF_8));
      Answer answer = function.invoke(event);
      send(exchange, 200, answer.payload(), null, answer.functionError());
    }
  }

  private static void send(
      HttpExchange exchange, int status, String body, String errorType, String functionError)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
    if (errorType != null) {
      exchange.getResponseHeaders().add("X-Amzn-ErrorType", errorType);
    }
    if (functionError != null) {
      exchange.getResponseHeaders().add("X-Amz-Function-Error", functionError);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
