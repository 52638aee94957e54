package app.cruddur.ops.moto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A moto server of a test's own (not the local environment's): on a free loopback port, with the
 * environment given, stopped on {@link #close}. For what must not share a backend with anything
 * else, such as executing state machines (see {@link MotoApi}).
 */
public final class MotoServer implements AutoCloseable {
  private final Process process;
  private final int port;

  private MotoServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts moto_server ({@value MotoLauncher#EXECUTABLE_ENV} or PATH) on {@code port} with {@code
   * environment} added, its output in {@code log}, and waits until it answers.
   */
  public static MotoServer start(int port, Path log, Map<String, String> environment) {
    Path executable =
        MotoLauncher.locate(System.getenv())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "moto_server not found. " + MotoLauncher.INSTALL_HINT));
    try {
      Process process = MotoLauncher.start(executable, port, log, environment);
      MotoServer server = new MotoServer(process, port);
      try {
        MotoLauncher.awaitReady(process, port, log, Duration.ofSeconds(30), server::answers);
      } catch (RuntimeException | InterruptedException e) {
        server.close();
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(e.getMessage(), e);
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + executable, e);
    }
  }

  /** A port of 127.0.0.1 free at the time of asking. */
  public static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Its endpoint, {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Its control API. */
  public MotoApi api() {
    return new MotoApi(endpoint());
  }

  private boolean answers() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      return c.getResponseCode() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
