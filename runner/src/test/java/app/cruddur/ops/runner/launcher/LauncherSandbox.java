package app.cruddur.ops.runner.launcher;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.HermeticEnvironment;
import app.cruddur.ops.runner.testing.TestPaths;
import app.cruddur.ops.runner.testing.TestProject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A checkout as the launcher sees one right after a build: {@code cruddur}, the packaged {@code
 * runner/target/cruddur.jar} (hard-linked, so "after a build" is this sandbox's own state), {@code
 * seeders/} and {@code migrations/}, and no {@code .cruddur/} yet. Commands run in the {@link
 * HermeticEnvironment}.
 */
final class LauncherSandbox {
  private final Path root;
  private final Map<String, String> env = new LinkedHashMap<>(HermeticEnvironment.variables());

  private LauncherSandbox(Path root) {
    this.root = root;
  }

  static LauncherSandbox fresh(String name) {
    Path project = TestPaths.projectRoot();
    Path built = project.resolve("runner/target/cruddur.jar");
    if (!Files.isRegularFile(built)) {
      throw new IllegalStateException(
          "no " + built + ": the launcher tests run after `package` (mvn verify)");
    }
    Path root = TestPaths.target("launcher").resolve(name);
    try {
      TestProject.delete(root);
      Files.createDirectories(root.resolve("runner/target"));
      Files.copy(
          project.resolve("cruddur"), root.resolve("cruddur"), StandardCopyOption.COPY_ATTRIBUTES);
      try {
        Files.createLink(root.resolve("runner/target/cruddur.jar"), built);
      } catch (IOException | UnsupportedOperationException crossDevice) {
        Files.copy(built, root.resolve("runner/target/cruddur.jar"));
      }
      for (String dir : List.of("seeders", "migrations")) {
        TestProject.copyTree(project.resolve(dir), root.resolve(dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LauncherSandbox(root);
  }

  Path root() {
    return root;
  }

  /** As after a new build: a jar of its own, newer than anything recorded for the old one. */
  void rebuilt() {
    Path jar = root.resolve("runner/target/cruddur.jar");
    try {
      Path copy = root.resolve("runner/target/cruddur.jar.new");
      Files.copy(
          TestPaths.projectRoot().resolve("runner/target/cruddur.jar"),
          copy,
          StandardCopyOption.REPLACE_EXISTING);
      Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets {@code name}, or removes it when {@code value} is null. */
  LauncherSandbox env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  /** {@code PATH} with {@code dir} first. */
  LauncherSandbox pathFirst(Path dir) {
    env.put("PATH", dir + File.pathSeparator + env.getOrDefault("PATH", ""));
    return this;
  }

  Map<String, String> environment() {
    return Map.copyOf(env);
  }

  /** Starts {@code ./cruddur args...}, its output in files beside the sandbox. */
  Process start(String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("cruddur").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(root.resolve("out.txt").toFile())
            .redirectError(root.resolve("err.txt").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code ./cruddur args...} to the end. */
  Cli.Result run(String... args) {
    Process p = start(args);
    try {
      if (!p.waitFor(Duration.ofMinutes(3).toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("./cruddur " + String.join(" ", args) + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new Cli.Result(p.exitValue(), read("out.txt"), read("err.txt"));
  }

  /** The names of the files in {@code .cruddur/cds}, sorted. */
  List<String> cdsFiles() {
    Path dir = root.resolve(".cruddur/cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String read(String file) {
    try {
      return Files.readString(root.resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
