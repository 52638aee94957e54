package app.cruddur.ops.runner.internal.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The build bundles the embedded PostgreSQL of the platform it runs on (runner/pom.xml's profiles,
 * activated by OS and architecture), under the name zonky looks for.
 */
class PostgresBinariesTest {
  @Test
  void thisPlatformsBinariesAreOnTheClassPath() {
    String os =
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
    String arch =
        switch (System.getProperty("os.arch")) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "arm_64";
          default -> System.getProperty("os.arch");
        };
    String archive = "postgres-" + os + "-" + arch + ".txz";

    assertThat(PostgresBinariesTest.class.getClassLoader().getResource(archive))
        .as(archive)
        .isNotNull();
  }
}
