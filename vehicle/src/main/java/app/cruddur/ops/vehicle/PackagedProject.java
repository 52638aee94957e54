package app.cruddur.ops.vehicle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code seeders/} and {@code migrations/} that travel inside the vehicle's package, under
 * {@value #ROOT}. Lambda unpacks the package into its task root, so there they are plain files; run
 * from the jar itself (a local invocation) they are copied out once into a work directory.
 */
public final class PackagedProject {
  /** The project's directory inside the package. */
  public static final String ROOT = "cruddur-project";

  private PackagedProject() {}

  /**
   * The project directory the runner reads, from the package on {@code loader}'s class path.
   *
   * @param workDir where to unpack it when the package is a jar
   * @throws VehicleSetupException when the package has no project
   */
  public static Path locate(ClassLoader loader, Path workDir) {
    URL seeders = loader.getResource(ROOT + "/seeders");
    if (seeders == null) {
      throw new VehicleSetupException(
          "the package has no " + ROOT + "/seeders (build it with mvn -pl vehicle -am package)");
    }
    try {
      return switch (seeders.getProtocol()) {
        case "file" -> Path.of(seeders.toURI()).getParent();
        case "jar" -> unpack(seeders, workDir.resolve(ROOT));
        default ->
            throw new VehicleSetupException("cannot read the package's project from " + seeders);
      };
    } catch (URISyntaxException e) {
      throw new VehicleSetupException(
          "cannot read the package's project from " + seeders + ": " + e.getMessage());
    }
  }

  private static Path unpack(URL inJar, Path target) throws URISyntaxException {
    String uri = inJar.toURI().toString();
    String jar = uri.substring(0, uri.indexOf("!/"));
    try (FileSystem zip = FileSystems.newFileSystem(java.net.URI.create(jar), Map.of())) {
      Path root = zip.getPath("/" + ROOT);
      deleteTree(target); // never mix in the files of another package
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      for (Path file : files) {
        Path out = target.resolve(root.relativize(file).toString());
        Files.createDirectories(out.getParent());
        try (InputStream in = Files.newInputStream(file)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("unpacking the package's project into " + target, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
