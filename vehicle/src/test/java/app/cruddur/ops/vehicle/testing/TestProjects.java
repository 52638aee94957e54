package app.cruddur.ops.vehicle.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Copies of the repository's seeders/ and migrations/ that a test may change (CRUDDUR_PROJECT_DIR).
 */
public final class TestProjects {
  private TestProjects() {}

  /** The repository's seeders/ and migrations/, copied into {@code project}. */
  public static void copy(Path project) throws IOException {
    Path root = Path.of(System.getProperty("cruddur.repositoryRoot"));
    for (String dir : new String[] {"seeders", "migrations"}) {
      try (Stream<Path> files = Files.list(root.resolve(dir))) {
        Files.createDirectories(project.resolve(dir));
        for (Path f : files.toList()) {
          Files.copy(f, project.resolve(dir).resolve(f.getFileName()));
        }
      }
    }
  }

  /** {@link #copy}, with a changeset whose SQL fails at the end of the changelog. */
  public static void copyWithABrokenChangeset(Path project) throws IOException {
    copy(project);
    Files.writeString(
        project.resolve("migrations/900_broken.sql"),
        """
        --liquibase formatted sql
        --changeset cruddur:900-broken
        UPDATE no_such_table SET x = 1;
        --rollback SELECT 1;
        """);
    include(project, "900_broken.sql");
  }

  /** Adds {@code file} at the end of the copy's changelog. */
  public static void include(Path project, String file) throws IOException {
    Path changelog = project.resolve("migrations/changelog.yaml");
    Files.writeString(
        changelog,
        Files.readString(changelog) + "  - include:\n      file: migrations/" + file + "\n");
  }
}
