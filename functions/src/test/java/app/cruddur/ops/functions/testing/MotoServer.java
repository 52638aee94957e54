package app.cruddur.ops.functions.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The real local engine for these tests: {@code moto_server} (DynamoDB and DynamoDB Streams) on a
 * free loopback port, started by the first test class that asks and stopped when the test run
 * ends. Tests isolate themselves by table name, not by new servers.
 *
 * <p>The executable is {@code $CRUDDUR_MOTO_SERVER}, else {@code moto_server} on the PATH
 * ({@code pip install "moto[server]"}).
 */
public final class MotoServer implements BeforeAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static volatile Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(MotoServer.class, key -> start(), Running.class);
  }

  /** The server's endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public static URI endpoint() {
    if (running == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(MotoServer.class)");
    }
    return running.endpoint();
  }

  /** A DynamoDB client for the server (one per test class is plenty). */
  public static DynamoDbClient dynamoDb() {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A DynamoDB Streams client for the server. */
  public static DynamoDbStreamsClient streams() {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static Running start() {
    Path executable = locate().orElseThrow(() -> new IllegalStateException(
        "moto_server not found on PATH. Install it with: pip install \"moto[server]\" (or set CRUDDUR_MOTO_SERVER)"));
    try {
      int port = freePort();
      Path log = Path.of("target", "moto-server.log");
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (!answers(port)) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          process.destroyForcibly();
          throw new IllegalStateException("moto_server did not start on port " + port + "; see " + log.toAbsolutePath());
        }
        Thread.sleep(50);
      }
      running = new Running(process, URI.create("http://127.0.0.1:" + port));
      return running;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start moto_server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting moto_server", e);
    }
  }

  private static Optional<Path> locate() {
    String explicit = System.getenv("CRUDDUR_MOTO_SERVER");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = entry.isBlank() ? null : Path.of(entry, "moto_server");
      if (candidate != null && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private record Running(Process process, URI endpoint) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      // the PATH entry may be a wrapper script: stop what it started too
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }
}
