package app.cruddur.ops.moto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding moto_server and telling why it did not come up, without a real one. */
class MotoLauncherTest {
  @TempDir Path dir;

  Path executable(String name, String script) throws Exception {
    Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  @Test
  void theExplicitExecutableWinsOverPath() throws Exception {
    Path explicit = executable("my-moto", "exit 0");
    Path onPath = Files.createDirectory(dir.resolve("bin"));
    Files.copy(explicit, onPath.resolve("moto_server"));

    assertThat(
            MotoLauncher.locate(
                Map.of(
                    MotoLauncher.EXECUTABLE_ENV, explicit.toString(), "PATH", onPath.toString())))
        .contains(explicit);
    assertThat(MotoLauncher.locate(Map.of("PATH", "/nonexistent:" + onPath)))
        .contains(onPath.resolve("moto_server"));
    assertThat(MotoLauncher.locate(Map.of("PATH", "/nonexistent"))).isEmpty();
    assertThat(
            MotoLauncher.locate(
                Map.of(MotoLauncher.EXECUTABLE_ENV, dir.resolve("missing").toString())))
        .isEmpty();
  }

  @Test
  void aServerThatExitsBeforeAnsweringIsReportedWithItsLastWords() throws Exception {
    Path log = dir.resolve("moto.log");
    Process process =
        MotoLauncher.start(
            executable("moto_server", "echo 'OSError: [Errno 98] Address already in use'; exit 3"),
            1,
            log);

    assertThatThrownBy(
            () -> MotoLauncher.awaitReady(process, 1, log, Duration.ofSeconds(30), () -> false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "moto_server exited with status 3 before it answered: OSError: [Errno 98] Address"
                + " already in use.")
        .hasMessageContaining("Another program took port 1")
        .hasMessageNotContaining("pip install");
  }

  @Test
  void aServerThatCannotRunSaysHowToInstallIt() throws Exception {
    Path log = dir.resolve("moto.log");
    Process process =
        MotoLauncher.start(
            executable(
                "moto_server", "echo \"ModuleNotFoundError: No module named 'flask'\"; exit 1"),
            1,
            log);

    assertThatThrownBy(
            () -> MotoLauncher.awaitReady(process, 1, log, Duration.ofSeconds(30), () -> false))
        .hasMessageStartingWith(
            "moto_server exited with status 1 before it answered: ModuleNotFound")
        .hasMessageContaining("pip install");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    Path log = dir.resolve("moto.log");
    Process process = MotoLauncher.start(executable("moto_server", "sleep 30"), 1, log);
    try {
      assertThatThrownBy(
              () -> MotoLauncher.awaitReady(process, 1, log, Duration.ofMillis(200), () -> false))
          .hasMessageStartingWith("moto_server did not answer on 127.0.0.1:1 within 0 s");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void readyAsSoonAsItAnswers() throws Exception {
    Path log = dir.resolve("moto.log");
    Process process = MotoLauncher.start(executable("moto_server", "sleep 30"), 1, log);
    try {
      MotoLauncher.awaitReady(process, 1, log, Duration.ofSeconds(30), () -> true);
      assertThat(process.isAlive()).isTrue();
    } finally {
      process.destroyForcibly();
    }
  }
}
