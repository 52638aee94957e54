package app.cruddur.ops.infra.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What moto's Step Functions call back into (its {@code MOTO_PORT}) for their service integrations:
 * a pass-through to moto that records every Lambda invocation's payload and, when told to, answers
 * the next invocations with a Lambda service error instead, as Lambda itself fails (HTTP 5xx or 429
 * with {@code x-amzn-ErrorType}). So a state machine's retries meet the errors they are written
 * for, and a test sees what the workflow sent the vehicle.
 */
public final class IntegrationProxy implements AutoCloseable {
  private static final Pattern INVOKE =
      Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
  private static final Set<String> HOP_BY_HOP =
      Set.of("host", "content-length", "connection", "transfer-encoding", "expect", "upgrade");

  private final HttpServer server;
  private final URI moto;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Map.Entry<String, Fault>> faultsOf = new ArrayList<>();
  private final List<Invocation> invocations = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private volatile java.util.function.Consumer<Call> onCall = call -> {};
  private volatile java.util.concurrent.CountDownLatch held =
      new java.util.concurrent.CountDownLatch(0);
  private final java.util.concurrent.ExecutorService threads =
      java.util.concurrent.Executors.newCachedThreadPool();

  /**
   * One request of a client that reaches moto through this proxy (a JSON-protocol API call).
   *
   * @param action its {@code X-Amz-Target} (e.g. {@code AWSStepFunctions.StartExecution})
   * @param accessKeyId the access key it was signed with
   */
  public record Call(String action, String accessKeyId) {}

  /**
   * A Lambda service error.
   *
   * @param status the HTTP status Lambda answers
   * @param type the error type (Step Functions names it {@code Lambda.<type>})
   */
  public record Fault(int status, String type) {
    /** Lambda's internal error. */
    public static final Fault SERVICE_EXCEPTION = new Fault(500, "ServiceException");

    /** Lambda throttling the invocation. */
    public static final Fault TOO_MANY_REQUESTS = new Fault(429, "TooManyRequestsException");
  }

  /**
   * One invocation as the state machine made it.
   *
   * @param function the function name or ARN (with its qualifier) it invoked
   * @param payload the payload it sent
   * @param failed whether it was answered with a fault
   */
  public record Invocation(String function, String payload, boolean failed) {}

  private IntegrationProxy(HttpServer server, URI moto) {
    this.server = server;
    this.moto = moto;
  }

  /** Listens on {@code port} of 127.0.0.1 and forwards to {@code moto}. */
  public static IntegrationProxy start(int port, URI moto) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      IntegrationProxy faults = new IntegrationProxy(server, moto);
      server.createContext("/", faults::handle);
      // a thread per exchange: an invocation held back must not hold the CLI's own calls
      server.setExecutor(faults.threads);
      server.start();
      return faults;
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on 127.0.0.1:" + port, e);
    }
  }

  /** The next {@code count} invocations fail with {@code fault}. */
  public synchronized void failNext(int count, Fault fault) {
    for (int i = 0; i < count; i++) {
      faults.add(fault);
    }
  }

  /** The next {@code count} invocations of a function whose ARN contains {@code function} fail. */
  public synchronized void failNextOf(String function, int count, Fault fault) {
    for (int i = 0; i < count; i++) {
      faultsOf.add(Map.entry(function, fault));
    }
  }

  /** The invocations so far, in order. */
  public synchronized List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The API calls made through this proxy so far, in order. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Tells {@code hook} each API call as it comes in, before it is forwarded. */
  public void onCall(java.util.function.Consumer<Call> hook) {
    onCall = hook;
  }

  /**
   * Holds every slice's Lambda invocation back (the task stays in flight, as a slice that works)
   * until {@link #letInvocationsGo}: what happens to an execution meanwhile happens mid-slice,
   * whatever the machine's speed. Other invocations (the CLI's own, {@code release --via --stop}'s
   * stop verb) go on.
   */
  public void holdInvocations() {
    held = new java.util.concurrent.CountDownLatch(1);
  }

  /** Lets the invocations held back by {@link #holdInvocations} go on. */
  public void letInvocationsGo() {
    held.countDown();
  }

  /** Forgets the invocations, calls and faults, and the hook. */
  public synchronized void clear() {
    faults.clear();
    faultsOf.clear();
    invocations.clear();
    calls.clear();
    onCall = call -> {};
    letInvocationsGo();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String action = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (action != null) {
        String authorization =
            java.util.Objects.requireNonNullElse(
                exchange.getRequestHeaders().getFirst("Authorization"), "");
        var key = Pattern.compile("Credential=([^/]+)/").matcher(authorization);
        Call call = new Call(action, key.find() ? key.group(1) : "");
        synchronized (this) {
          calls.add(call);
        }
        onCall.accept(call);
      }
      String path = exchange.getRequestURI().getRawPath();
      var invoke = INVOKE.matcher(path);
      if (invoke.matches() && exchange.getRequestMethod().equals("POST")) {
        try {
          if (new String(body, StandardCharsets.UTF_8).contains("\"slice\"")) {
            held.await(2, java.util.concurrent.TimeUnit.MINUTES);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        Fault fault;
        synchronized (this) {
          String function =
              java.net.URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8) + query(exchange);
          fault = faults.poll();
          if (fault == null) {
            var of = faultsOf.stream().filter(f -> function.contains(f.getKey())).findFirst();
            if (of.isPresent()) {
              faultsOf.remove(of.get());
              fault = of.get().getValue();
            }
          }
          invocations.add(
              new Invocation(function, new String(body, StandardCharsets.UTF_8), fault != null));
        }
        if (fault != null) {
          byte[] error =
              ("{\"Type\": \"Service\", \"message\": \"injected " + fault.type() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("x-amzn-ErrorType", fault.type());
          exchange
              .getResponseHeaders()
              .add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(fault.status(), error.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(error);
          }
          return;
        }
      }
      forward(exchange, body);
    }
  }

  private static String query(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    return query == null ? "" : "?" + query;
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                moto.resolve(exchange.getRequestURI().getRawPath() + query(exchange)))
            .timeout(Duration.ofMinutes(2))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))
                  && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
              }
            });
    byte[] answer = response.body();
    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  @Override
  public void close() {
    letInvocationsGo();
    server.stop(0);
    threads.shutdownNow();
  }
}
