package app.cruddur.ops.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.vehicle.testing.LocalEngines;
import app.cruddur.ops.vehicle.testing.LocalStage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package infra deploys (target/cruddur-vehicle-lambda.jar, built by this module's package
 * phase before these tests run in verify): what it carries, and that it runs as Lambda runs it,
 * unpacked into a task root, in a fresh JVM without the embedded PostgreSQL.
 */
@ExtendWith(LocalEngines.class)
class VehiclePackageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path jar() {
    Path jar = Path.of(System.getProperty("cruddur.vehicleJar"));
    assertThat(jar)
        .as("run these tests with mvn verify: the package phase builds the jar")
        .isRegularFile();
    return jar;
  }

  @Test
  void itCarriesTheHandlerAndThisCommitsStepsAndMigrationsButNoEmbeddedPostgres()
      throws IOException {
    Path root = Path.of(System.getProperty("cruddur.repositoryRoot"));
    try (ZipFile zip = new ZipFile(jar().toFile())) {
      String handler = ReleaseVehicle.HANDLER.substring(0, ReleaseVehicle.HANDLER.indexOf("::"));
      assertThat(zip.getEntry(handler.replace('.', '/') + ".class"))
          .as("the handler class")
          .isNotNull();

      List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
      assertThat(names).noneMatch(n -> n.startsWith("io/zonky/") || n.endsWith(".txz"));

      List<String> packaged =
          names.stream()
              .filter(n -> n.startsWith(PackagedProject.ROOT + "/") && !n.endsWith("/"))
              .map(n -> n.substring(PackagedProject.ROOT.length() + 1))
              .sorted()
              .toList();
      List<String> committed = new ArrayList<>();
      for (String dir : List.of("migrations", "seeders")) {
        try (Stream<Path> files = Files.walk(root.resolve(dir))) {
          files
              .filter(Files::isRegularFile)
              .map(f -> root.relativize(f).toString())
              .forEach(committed::add);
        }
      }
      assertThat(packaged).containsExactlyElementsOf(committed.stream().sorted().toList());
      for (String file : committed) {
        try (InputStream in = zip.getInputStream(zip.getEntry(PackagedProject.ROOT + "/" + file))) {
          assertThat(in.readAllBytes()).as(file).isEqualTo(Files.readAllBytes(root.resolve(file)));
        }
      }
    }
  }

  @Test
  void unpackedAsLambdaDoesItReleasesInAFreshJvmAndThenHasNothingToDo(
      @TempDir Path taskRoot, @TempDir Path tmp) throws Exception {
    unzip(jar(), taskRoot);
    LocalStage stage = LocalStage.create("package");
    Map<String, String> env = new TreeMap<>(stage.vehicleEnvironment("c1:fresh-jvm"));
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());

    Run first = invokeOnce(taskRoot, tmp, env, "{\"command\":\"release\"}");
    assertThat(first.code()).as(first.stderr()).isZero();
    assertThat(first.response().has("error")).as(first.response().toPrettyString()).isFalse();
    assertThat(stage.ledger())
        .containsExactly(
            "V001 SUCCEEDED", "V002 SUCCEEDED", "V010 SUCCEEDED", "R__cognito_sync SUCCEEDED");

    Run rerun = invokeOnce(taskRoot, tmp, env, "{\"command\":\"release\"}");
    assertThat(rerun.code()).as(rerun.stderr()).isZero();
    assertThat(rerun.response().path("result").path("applied").findValuesAsText("changed"))
        .as("nothing to do: no step changed anything")
        .doesNotContain("true");
    assertThat(rerun.stderr()).as("the function's log").contains("Nothing to do");
  }

  record Run(int code, JsonNode response, String stderr) {}

  /**
   * {@code java -cp <task root> LocalInvocation EVENT}, with only {@code env}: as Lambda starts the
   * handler.
   */
  static Run invokeOnce(Path taskRoot, Path tmp, Map<String, String> env, String event)
      throws Exception {
    Path out = tmp.resolve("stdout");
    Path err = tmp.resolve("stderr");
    ProcessBuilder java =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+TieredCompilation",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                taskRoot.toString(),
                LocalInvocation.class.getName(),
                event)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    java.environment().clear();
    java.environment().putAll(env);
    Process process = java.start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the invocation finished").isTrue();
    return new Run(
        process.exitValue(), JSON.readTree(Files.readString(out)), Files.readString(err));
  }

  static void unzip(Path jar, Path into) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("entry outside the package: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target);
          }
        }
      }
    }
  }
}
