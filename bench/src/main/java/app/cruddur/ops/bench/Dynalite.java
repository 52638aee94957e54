package app.cruddur.ops.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dynalite, the second DynamoDB engine of the seed benchmark: installed from npm with {@code npm
 * ci} (bench/dynalite's pinned package-lock.json) into {@code bench/.work/dynalite}, run with node
 * on a free port of 127.0.0.1, in memory, tables created and deleted at once. Stopped on close (and
 * by a shutdown hook if the benchmark is interrupted).
 */
public final class Dynalite implements DynamoEngine {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final URI endpoint;
  private final String version;
  private final Thread hook;

  private Dynalite(Process process, int port, String version) {
    this.process = process;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.version = version;
    this.hook = new Thread(this::stop, "dynalite-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Installs (once) and starts dynalite. */
  public static Dynalite start(BenchContext context) throws IOException, InterruptedException {
    Path dir = context.work().resolve("dynalite");
    Path cli = dir.resolve("node_modules/dynalite/cli.js");
    Path lock = context.root().resolve("bench/dynalite/package-lock.json");
    Path installedLock = dir.resolve("package-lock.json");
    if (!Files.isRegularFile(cli)
        || !Files.isRegularFile(installedLock)
        || Files.mismatch(lock, installedLock) != -1) {
      Files.createDirectories(dir);
      Files.copy(
          context.root().resolve("bench/dynalite/package.json"),
          dir.resolve("package.json"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.copy(lock, installedLock, StandardCopyOption.REPLACE_EXISTING);
      System.err.println("bench: installing dynalite with npm ci into " + dir + " …");
      Subprocess.ok(
          Subprocess.run(
              "npm-ci-dynalite",
              List.of("npm", "ci", "--no-audit", "--no-fund"),
              java.util.Map.of(),
              dir,
              context.work().resolve("logs"),
              Duration.ofMinutes(5)),
          "npm ci (dynalite)");
    }
    String version = versionOf(dir.resolve("node_modules/dynalite/package.json"));
    int port = freePort();
    Path log = context.work().resolve("logs/dynalite.log");
    Files.createDirectories(log.getParent());
    Process p =
        new ProcessBuilder(
                "node",
                cli.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--createTableMs",
                "0",
                "--deleteTableMs",
                "0",
                "--updateTableMs",
                "0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Dynalite d = new Dynalite(p, port, version);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answers(port)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        d.close();
        throw new IllegalStateException("dynalite did not start on port " + port + "; see " + log);
      }
      Thread.sleep(50);
    }
    return d;
  }

  @Override
  public String name() {
    return "dynalite";
  }

  @Override
  public String describe() {
    return "dynalite "
        + version
        + " (npm, in memory; node "
        + firstLine(List.of("node", "--version"))
        + ")";
  }

  @Override
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String versionOf(Path packageJson) throws IOException {
    var m =
        java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
            .matcher(Files.readString(packageJson));
    return m.find() ? m.group(1) : "?";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first line a short command prints ("?" when it fails). */
  static String firstLine(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse("?") : "?";
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
