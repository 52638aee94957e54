package app.cruddur.ops.runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.cli.Main;
import app.cruddur.ops.runner.testing.HermeticEnvironment;
import app.cruddur.ops.runner.testing.Namespaces;
import app.cruddur.ops.runner.testing.TestPaths;
import app.cruddur.ops.runner.testing.TestProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The disk under the local directory fills up, for real: a small tmpfs mounted over the local
 * directory in a private mount namespace ({@code unshare --mount}, as a user namespace's root where
 * the machine allows it). Starting on it, and releasing once it is full, say that the disk is full,
 * where, and where PostgreSQL's log is, instead of "cannot connect, check that it is running".
 */
class DiskFullTest {
  static final Path DIR = TestPaths.target("disk-full");

  /** What the tests need a mount namespace to allow. */
  static final String TRY_A_MOUNT = "mount -t tmpfs -o size=1m tmpfs /mnt";

  /**
   * Runs {@code commands} (shell, after the mount; {@code run NAME ARGS} runs cruddur and keeps its
   * output and exit code, {@code $LOCAL} is the local directory); returns the directory of outputs.
   */
  static Path inANamespace(String name, String size, String commands) throws Exception {
    Path local = Files.createDirectories(DIR.resolve(name + "-local"));
    Path out = Files.createDirectories(DIR.resolve(name + "-out"));
    TestProject project = TestProject.copyOfRepository("disk-full-" + name);
    String cruddur =
        "\""
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "\" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp \""
            + System.getProperty("java.class.path")
            + "\" "
            + Main.class.getName()
            + " --local-dir \""
            + local
            + "\"";
    Path script = out.resolve("script.sh");
    Files.writeString(
        script,
        "set -u\n"
            + "CRUDDUR='"
            + cruddur.replace("'", "'\\''")
            + "'\n"
            + "LOCAL='"
            + local
            + "'\n"
            + "export "
            + Release.PROJECT_DIR_ENV
            + "='"
            + project.dir()
            + "'\n"
            + "run() { name=$1; shift; eval \"$CRUDDUR $*\" > \""
            + out
            + "/$name.out\" 2> \""
            + out
            + "/$name.err\"; echo $? > \""
            + out
            + "/$name.code\"; }\n"
            + "mount -t tmpfs -o size="
            + size
            + " tmpfs '"
            + local
            + "' || exit 97\n"
            + "trap 'eval \"$CRUDDUR local down\" >/dev/null 2>&1' EXIT\n"
            + commands
            + "\n",
        StandardCharsets.UTF_8);
    Process p =
        HermeticEnvironment.apply(
                new ProcessBuilder(
                    "unshare", "--map-root-user", "--mount", "sh", script.toString()))
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("namespace.log").toFile())
            .start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the namespace's commands finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(out.resolve("namespace.log"))).isZero();
    return out;
  }

  static String read(Path out, String file) throws IOException {
    return Files.readString(out.resolve(file), StandardCharsets.UTF_8);
  }

  static String errorLine(Path out, String name) throws IOException {
    return read(out, name + ".err")
        .lines()
        .filter(l -> l.startsWith("error: "))
        .findFirst()
        .orElse(read(out, name + ".err"));
  }

  @Test
  void aDiskThatFillsUpUnderARunningEnvironmentIsSaidAsSuchWithTheLog() throws Exception {
    assumeTrue(
        Namespaces.work("--mount", TRY_A_MOUNT), "needs unshare with mount (and user) namespaces");
    Path local = DIR.resolve("running-local");

    Path out =
        inANamespace(
            "running",
            "150m",
            """
            run up local up
            dd if=/dev/zero of="$LOCAL/filler" bs=1M 2>/dev/null
            run release release
            """);

    assertThat(read(out, "up.code").strip()).as(read(out, "up.err")).isEqualTo("0");
    assertThat(read(out, "release.code").strip()).as(read(out, "release.err")).isEqualTo("4");
    assertThat(errorLine(out, "release"))
        .startsWith("error: PostgreSQL postgresql://127.0.0.1:")
        .contains(" has no space left to write: the disk of " + local + " is full (0 MiB free)")
        .endsWith(
            "Free space on that disk (or move the local environment with --local-dir), then rerun;"
                + " PostgreSQL's log is "
                + local.resolve("postgres.log"))
        .doesNotContain("Check that it is running");
  }

  @Test
  void aDiskTooFullToStartOnSaysSo() throws Exception {
    assumeTrue(
        Namespaces.work("--mount", TRY_A_MOUNT), "needs unshare with mount (and user) namespaces");
    Path local = DIR.resolve("start-local");

    Path out = inANamespace("start", "8m", "run up local up");

    assertThat(read(out, "up.code").strip()).isEqualTo("4");
    assertThat(errorLine(out, "up"))
        .matches(
            "error: the local environment could not start: the disk of "
                + local.toString().replace(".", "\\.")
                + " is full \\(\\d+ MiB free\\)\\. Free space on that disk \\(or move the local"
                + " environment with --local-dir\\), then rerun; PostgreSQL's log is"
                + " .*/postgres\\.log");
  }
}
