package app.cruddur.ops.runner.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.internal.local.MotoInstallation;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quick start's first command on a machine without moto: {@code ./cruddur release} installs the
 * pinned moto into {@code .cruddur/moto-<version>} (python3 -m venv, pip) and releases. There is no
 * package index here, so pip is pointed at a directory of wheels repacked at test time from this
 * machine's own moto install ({@code wheelhouse.py}); where no index can be reached, one line says
 * what to do. The PATH holds java, python3 and the basic tools, and no moto_server.
 */
class FirstRunIT {
  private static final String PINNED = MotoInstallation.pinnedVersion();
  private static Path wheels;
  private static Path bin;

  @BeforeAll
  static void machineWithoutMoto() throws Exception {
    Path python =
        Path.of(run(List.of("python3", "-c", "import sys; print(sys.executable)")).strip());
    bin = Files.createDirectories(TestPaths.target("launcher/bin-without-moto"));
    link(bin.resolve("python3"), python);
    for (String tool :
        List.of(
            "java",
            "bash",
            "env",
            "find",
            "head",
            "dirname",
            "cksum",
            "cut",
            "od",
            "tr",
            "mkdir",
            "rm",
            "mv",
            "hostname",
            "kill",
            "setsid",
            "readlink",
            "unshare",
            "id")) {
      Path real = Path.of(run(List.of("bash", "-c", "type -P " + tool)).strip()).toRealPath();
      link(bin.resolve(tool), real);
    }
    assertThat(bin.resolve("moto_server")).doesNotExist();
    wheels = TestPaths.target("launcher/wheelhouse");
    if (!Files.isRegularFile(wheels.resolve("moto-" + PINNED + "-py3-none-any.whl"))) {
      Path script = TestPaths.target("launcher/wheelhouse.py");
      try (InputStream in = FirstRunIT.class.getResourceAsStream("/launcher/wheelhouse.py")) {
        Files.write(script, in.readAllBytes());
      }
      run(List.of("python3", script.toString(), wheels.toString(), "moto[server]==" + PINNED));
    }
  }

  @Test
  void theFirstReleaseInstallsThePinnedMotoAndReleases() {
    LauncherSandbox box =
        withoutMoto("first-release")
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", wheels.toString());
    try {
      Cli.Result release = box.run("release");

      assertThat(release.exitCode()).as(release.toString()).isZero();
      Path venv = box.root().resolve(".cruddur/moto-" + PINNED);
      assertThat(release.err())
          .contains("Installing moto " + PINNED + " for the local environment into " + venv);
      assertThat(venv.resolve("bin/moto_server")).isExecutable();
      assertThat(release.out()).contains("V004");

      Cli.Result status = box.run("local", "status");
      assertThat(status.out())
          .containsPattern("moto\\s+up\\s+" + PINNED.replace(".", "\\.") + "\\s");

      Cli.Result again = box.run("release");
      assertThat(again.exitCode()).isZero();
      assertThat(again.err()).as("installed once").doesNotContain("Installing moto");
    } finally {
      box.run("local", "down");
    }
  }

  @Test
  void withNoReachableIndexItSaysWhatToDoAndLeavesNothingHalfInstalled() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    LauncherSandbox box =
        withoutMoto("no-index")
            .env("PIP_INDEX_URL", "http://127.0.0.1:" + closed + "/simple")
            .env("PIP_RETRIES", "1")
            .env("PIP_TIMEOUT", "2");

    Cli.Result up = box.run("local", "up");

    Path venv = box.root().resolve(".cruddur/moto-" + PINNED);
    assertThat(up.exitCode()).as(up.toString()).isEqualTo(4);
    assertThat(up.errorLine())
        .isEqualTo(
            "error: moto_server was not found, and pip could not install moto[server]=="
                + PINNED
                + ": no package index was reachable (log in "
                + venv
                + "-install.log). Rerun where a package index is reachable (or set PIP_INDEX_URL to"
                + " a mirror), or install moto yourself: pip install \"moto[server]=="
                + PINNED
                + "\" (or set CRUDDUR_MOTO_SERVER to its moto_server)");
    assertThat(venv).doesNotExist();
  }

  /**
   * A checkout on a machine whose PATH has no moto_server and whose pip reads no machine-wide
   * config.
   */
  private static LauncherSandbox withoutMoto(String name) {
    return LauncherSandbox.fresh(name)
        .env("PATH", bin.toString())
        .env("PIP_CONFIG_FILE", "/dev/null")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1");
  }

  private static void link(Path link, Path target) throws IOException {
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, target);
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }
}
