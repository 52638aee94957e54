package app.cruddur.ops.runner.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the checkout, found from the module directory Maven runs tests in. */
public final class TestPaths {
  private TestPaths() {}

  /** The repository root: the nearest directory up with {@code seeders/} or the parent pom. */
  public static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("runner")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "not inside the cruddur-ops checkout: " + Path.of("").toAbsolutePath());
  }

  /** A directory under the runner module's target/ (cleaned by mvn clean). */
  public static Path target(String name) {
    return projectRoot().resolve("runner").resolve("target").resolve(name);
  }
}
