package app.cruddur.ops.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private copy of the project's {@code seeders/} and {@code migrations/} that a test may edit,
 * under runner/target.
 */
public final class TestProject {
  private final Path dir;

  private TestProject(Path dir) {
    this.dir = dir;
  }

  /** A fresh copy of the repository's steps and changelogs. */
  public static TestProject copyOfRepository(String name) {
    Path dir = TestPaths.target("projects").resolve(name);
    delete(dir);
    copyTree(TestPaths.projectRoot().resolve("seeders"), dir.resolve("seeders"));
    copyTree(TestPaths.projectRoot().resolve("migrations"), dir.resolve("migrations"));
    return new TestProject(dir);
  }

  public Path dir() {
    return dir;
  }

  public Path file(String relative) {
    return dir.resolve(relative);
  }

  public TestProject write(String relative, String content) {
    try {
      Path file = dir.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String read(String relative) {
    try {
      return Files.readString(dir.resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestProject delete(String relative) {
    try {
      Files.delete(dir.resolve(relative));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends a formatted-SQL changelog file and includes it at the end of the master changelog. */
  public TestProject addChangelog(String fileName, String sql) {
    write("migrations/" + fileName, sql);
    String master = read("migrations/changelog.yaml");
    return write(
        "migrations/changelog.yaml",
        master.stripTrailing() + "\n  - include:\n      file: migrations/" + fileName + "\n");
  }

  /**
   * Rewrites every file under {@code relativeDir} with CRLF line endings, as a Windows checkout
   * has.
   */
  public TestProject withCrlfLineEndings(String relativeDir) {
    try (Stream<Path> files = Files.walk(dir.resolve(relativeDir))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text =
            Files.readString(f, StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n");
        Files.writeString(f, text, StandardCharsets.UTF_8);
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the tree {@code from} to {@code to}. */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
