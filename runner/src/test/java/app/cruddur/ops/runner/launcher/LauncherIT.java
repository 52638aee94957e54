package app.cruddur.ops.runner.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./cruddur} launcher on the packaged jar, as a user runs it: it execs the JVM (the
 * first run after a build included), so kill -9 of ./cruddur ends the release and leaves nothing
 * behind; class data sharing never leaves a half-written archive; it is shellcheck-clean and runs
 * with BSD-like tools (macOS).
 */
class LauncherIT {
  private static final Duration START = Duration.ofSeconds(60);

  @Test
  void theFirstRunAfterABuildIsTheJvmItselfSoKillNineEndsTheRelease() throws Exception {
    LauncherSandbox box = LauncherSandbox.fresh("kill-first-run");
    try (SilentDatabase db = new SilentDatabase()) {
      Process launcher = box.start(releaseInto(db));
      Socket release = db.awaitConnection(START);

      ProcessHandle process = launcher.toHandle();
      assertThat(process.info().command())
          .as("./cruddur's own pid runs java")
          .hasValueSatisfying(c -> assertThat(c).endsWith("java"));
      assertThat(commandLine(process))
          .as("it records the class archive itself")
          .contains("-XX:ArchiveClassesAtExit=");
      assertThat(process.descendants()).as("no JVM behind a shell").isEmpty();

      process.destroyForcibly();
      assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(closedByPeer(release, Duration.ofSeconds(10)))
          .as("the release's connection ended with it")
          .isTrue();
      assertThat(box.cdsFiles()).as("a killed run leaves no archive, whole or half").isEmpty();
    }
  }

  @Test
  void laterRunsMapTheArchiveTheFirstOneWroteAndNothingIsLeftBehind() throws Exception {
    LauncherSandbox box = LauncherSandbox.fresh("cds-adopted");

    assertThat(box.run("--version").exitCode()).isZero();
    assertThat(box.cdsFiles()).as("--version records no archive of its few classes").isEmpty();
    assertThat(localStatus(box).exitCode()).isZero();
    assertThat(box.cdsFiles())
        .as("a command records one")
        .singleElement()
        .asString()
        .matches("cruddur-\\d+\\.jsa\\.\\d+");
    assertThat(box.run("--version").exitCode()).isZero();
    List<String> adopted = box.cdsFiles();
    assertThat(adopted).singleElement().asString().matches("cruddur-\\d+\\.jsa");

    try (SilentDatabase db = new SilentDatabase()) {
      Process launcher = box.start(releaseInto(db));
      db.awaitConnection(START);
      assertThat(commandLine(launcher.toHandle()))
          .contains(
              "-XX:SharedArchiveFile=" + box.root().resolve(".cruddur/cds/" + adopted.get(0)));
      launcher.toHandle().destroyForcibly();
      launcher.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(box.cdsFiles()).isEqualTo(adopted);
  }

  @Test
  void archivesCutShortAreDeletedAndANewBuildReplacesTheOldOnes() throws Exception {
    LauncherSandbox box = LauncherSandbox.fresh("cds-stale");
    assertThat(localStatus(box).exitCode()).isZero();
    assertThat(box.run("--version").exitCode()).isZero();
    String archive = box.cdsFiles().get(0);
    long dead = deadPid();
    Path cds = box.root().resolve(".cruddur/cds");
    Files.write(
        cds.resolve(archive + "." + dead), new byte[4096]); // killed while dumping: no header yet
    Files.write(
        cds.resolve("cruddur-1.jsa." + dead), new byte[4096]); // another java's, cut short too
    Files.write(cds.resolve("cruddur-1.jsa"), new byte[4096]); // another java's

    assertThat(box.run("--version").exitCode()).isZero();
    assertThat(box.cdsFiles()).containsExactly("cruddur-1.jsa", archive);

    box.rebuilt();
    assertThat(localStatus(box).exitCode()).isZero();
    assertThat(box.cdsFiles())
        .as("the new build's archive, being recorded; the old ones gone")
        .singleElement()
        .asString()
        .startsWith(archive + ".");
  }

  @Test
  void withoutJavaItSaysWhatToInstall() throws IOException {
    LauncherSandbox box = LauncherSandbox.fresh("no-java");
    Path bin = Files.createDirectories(box.root().resolve("bin-without-java"));
    for (String tool : List.of("find", "head", "dirname", "env", "bash")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of(which(tool)));
    }
    box.env("PATH", bin.toString());

    Cli.Result r = box.run("--version");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: java was not found on PATH. Install a JDK 17+ (macOS: brew install openjdk@17;"
                + " Debian/Ubuntu: apt-get install openjdk-17-jdk)");
  }

  @Test
  void itRunsWithBsdLikeToolsAndNoGnuOnlyFlags() throws IOException {
    LauncherSandbox box = LauncherSandbox.fresh("bsd-like");
    Path shims = Files.createDirectories(box.root().resolve("bsd-like-bin"));
    Path guard = shims.resolve("bsd-like-tool.sh");
    try (InputStream in = LauncherIT.class.getResourceAsStream("/launcher/bsd-like-tool.sh")) {
      Files.write(guard, in.readAllBytes());
    }
    Files.setPosixFilePermissions(guard, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String tool :
        List.of(
            "stat",
            "readlink",
            "find",
            "date",
            "sed",
            "xargs",
            "grep",
            "head",
            "tail",
            "cut",
            "tr",
            "od",
            "cksum",
            "dirname",
            "basename",
            "mkdir",
            "mv",
            "rm",
            "cp",
            "touch",
            "kill",
            "uname",
            "mktemp",
            "sort")) {
      Files.createSymbolicLink(shims.resolve(tool), guard);
    }
    Path log = box.root().resolve("gnu-only.log");
    Files.writeString(log, "");
    String realPath = box.environment().get("PATH");
    box.pathFirst(shims).env("BSD_LIKE_LOG", log.toString()).env("BSD_LIKE_REAL_PATH", realPath);

    Cli.Result first = localStatus(box);
    Cli.Result adopting = box.run("--version");
    Cli.Result mapped = box.run("--version");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).startsWith("local environment down");
    assertThat(List.of(adopting, mapped))
        .allSatisfy(
            r -> {
              assertThat(r.exitCode()).as(r.toString()).isZero();
              assertThat(r.out()).startsWith("cruddur ");
            });
    assertThat(Files.readString(log)).as("GNU-only usages").isEmpty();
    assertThat(box.cdsFiles()).singleElement().asString().matches("cruddur-\\d+\\.jsa");
  }

  @Test
  void theShellScriptsAreShellcheckClean() throws Exception {
    boolean installed = Files.isExecutable(Path.of(which("shellcheck")));
    assumeTrue(
        installed || "true".equals(System.getenv("CI")),
        "shellcheck is not installed (apt-get install shellcheck, brew install shellcheck); .ci/run"
            + " installs it");
    Path root = TestPaths.projectRoot();
    Process p =
        new ProcessBuilder(
                "shellcheck",
                "--severity=style",
                "cruddur",
                ".ci/run",
                "bench/run",
                "runner/src/test/resources/launcher/bsd-like-tool.sh")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(report).isZero();
  }

  /**
   * A command (so it records the class archive), a quick one: the status of a local environment
   * that was never started.
   */
  private static Cli.Result localStatus(LauncherSandbox box) {
    return box.run("local", "status", "--local-dir", box.root().resolve("no-local").toString());
  }

  /** A release whose PostgreSQL accepts the connection and never answers: it runs until killed. */
  private static String[] releaseInto(SilentDatabase db) {
    return new String[] {
      "release",
      "--endpoint-url",
      "http://127.0.0.1:9",
      "--region",
      "us-east-1",
      "--context",
      "dev",
      "--db-url",
      "postgresql://postgres@127.0.0.1:" + db.port() + "/cruddur"
    };
  }

  private static String commandLine(ProcessHandle process) {
    return process.info().commandLine().orElse("");
  }

  private static boolean closedByPeer(Socket socket, Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    try {
      return socket.getInputStream().read(new byte[8192]) == -1 || drainedToEnd(socket);
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  private static boolean drainedToEnd(Socket socket) throws IOException {
    byte[] buffer = new byte[8192];
    while (true) {
      if (socket.getInputStream().read(buffer) == -1) {
        return true;
      }
    }
  }

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static String which(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return "/nonexistent/" + tool;
  }

  /** A TCP listener on 127.0.0.1 that accepts and never says a word: a PostgreSQL that hangs. */
  private static final class SilentDatabase implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final BlockingQueue<Socket> accepted = new ArrayBlockingQueue<>(10);

    SilentDatabase() throws IOException {
      Thread accept =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    accepted.add(socket.accept());
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "silent-database");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    Socket awaitConnection(Duration timeout) throws InterruptedException {
      Socket s = accepted.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (s == null) {
        throw new AssertionError("the release never connected to its database within " + timeout);
      }
      return s;
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
