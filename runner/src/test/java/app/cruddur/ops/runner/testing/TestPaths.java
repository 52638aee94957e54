package app.cruddur.ops.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

  private static String slot;

  /**
   * This test JVM's slot ({@code 1}, {@code 2}, …; {@code it-1} for the packaged-jar tests): the
   * first one no other running test JVM holds, held until this JVM ends. A directory one JVM owns
   * for its whole run (its local environment) is named with it, so the surefire forks do not share
   * one.
   */
  public static synchronized String slot() {
    if (slot == null) {
      String prefix = System.getProperty("cruddur.testSlotPrefix", "");
      try {
        Path slots = Files.createDirectories(target("test-slots"));
        for (int n = 1; slot == null; n++) {
          FileChannel channel =
              FileChannel.open(
                  slots.resolve(prefix + n + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.tryLock();
          if (lock == null) {
            channel.close();
          } else {
            HELD.add(lock); // kept, so the lock lives as long as this JVM
            slot = prefix + n;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return slot;
  }

  private static final java.util.List<FileLock> HELD = new java.util.ArrayList<>();

  /** A directory under the runner module's target/ (cleaned by mvn clean). */
  public static Path target(String name) {
    return projectRoot().resolve("runner").resolve("target").resolve(name);
  }
}
