package app.cruddur.ops.functions.testing;

import app.cruddur.ops.moto.MotoLauncher;
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
 * free loopback port, started by the first test class that asks and stopped when the test run ends.
 * Tests isolate themselves by table name, not by new servers.
 *
 * <p>Found and started by the one launcher ({@link MotoLauncher}): {@code $CRUDDUR_MOTO_SERVER},
 * else {@code moto_server} on the PATH ({@code pip install "moto[server]"}).
 */
public final class MotoServer implements BeforeAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static volatile Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
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
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A DynamoDB Streams client for the server. */
  public static DynamoDbStreamsClient streams() {
    return DynamoDbStreamsClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static Running start() {
    Path executable =
        MotoLauncher.locate(System.getenv())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "moto_server not found on PATH. " + MotoLauncher.INSTALL_HINT));
    try {
      int port = freePort();
      Path log = Path.of("target", "moto-server.log");
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      Process process = MotoLauncher.start(executable, port, log);
      try {
        MotoLauncher.awaitReady(
            process, port, log.toAbsolutePath(), START_TIMEOUT, () -> answers(port));
      } catch (IllegalStateException e) {
        process.destroyForcibly();
        throw e;
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

  private record Running(Process process, URI endpoint)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
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
