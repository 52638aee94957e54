package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.OperationResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every operation's result can be shown as a table: a new result type without a view fails here,
 * not in a terminal.
 */
class TextViewsTest {
  @Test
  void everyResultTypeHasATableView() throws Exception {
    List<Class<?>> results =
        runnerClasses().stream()
            .filter(c -> OperationResult.class.isAssignableFrom(c) && !c.isInterface())
            .toList();

    assertThat(results).hasSizeGreaterThan(20);
    for (Class<?> result : results) {
      assertThat(TextViews.hasView(result))
          .as(result.getName() + " has a view in TextViews")
          .isTrue();
    }
  }

  /**
   * Every class of the runner's main code (nested ones too), loaded without being initialized.
   * Result types can only live here: the modules below the runner do not see {@link
   * OperationResult}. (Reading the class files is a second's work; an ArchUnit import of all our
   * classes took 20 s in a test JVM of its own.)
   */
  static List<Class<?>> runnerClasses() throws IOException, URISyntaxException {
    Path location =
        Path.of(OperationResult.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(location)) {
      return classesUnder(location);
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      return classesUnder(jar.getPath("/"));
    }
  }

  private static List<Class<?>> classesUnder(Path root) throws IOException {
    List<Class<?>> classes = new ArrayList<>();
    ClassLoader loader = TextViewsTest.class.getClassLoader();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String relative = root.relativize(file).toString();
        if (relative.startsWith("META-INF") || relative.endsWith("module-info.class")) {
          continue;
        }
        String name =
            relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        try {
          classes.add(Class.forName(name, false, loader));
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      }
    }
    return classes;
  }
}
