package app.cruddur.ops.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Main;
import app.cruddur.ops.vehicle.testing.LambdaEndpoint;
import app.cruddur.ops.vehicle.testing.LocalEngines;
import app.cruddur.ops.vehicle.testing.LocalStage;
import app.cruddur.ops.vehicle.testing.TestProjects;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --via} shows exactly what a run from a machine inside the VPC shows: the same text and the
 * same JSON envelope, the same exit code, for release, plan, status, validate and rollback, when
 * they succeed and when they fail. Two stages made alike: one released through its vehicle (the
 * real handler behind a Lambda Invoke endpoint on 127.0.0.1), the other by the CLI directly with
 * the vehicle's own target ({@code --aws --outputs}, its database and context); the outputs are
 * compared with what differs by nature (the stages' names, times, durations, ids) masked.
 */
@ExtendWith(LocalEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViaLikeHereTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LambdaEndpoint lambda;
  @TempDir Path work;

  @BeforeAll
  void startLambda() throws IOException {
    lambda = LambdaEndpoint.start();
  }

  @AfterAll
  void stopLambda() {
    lambda.close();
  }

  /** A stage reached through its vehicle, or from here as the vehicle reaches it. */
  private final class Stage {
    final LocalStage stage = LocalStage.create("alike");
    final Optional<Path> project;
    final String function;

    Stage(Optional<Path> project) {
      this.project = project;
      Map<String, String> env = new TreeMap<>(stage.vehicleEnvironment("c1:alike"));
      project.ifPresent(p -> env.put(Release.PROJECT_DIR_ENV, p.toString()));
      this.function =
          lambda.deploy(
              ReleaseVehicle.functionName(stage.name()),
              new ReleaseHandler(
                  env,
                  work.resolve("function-" + stage.name()),
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }

    /** {@code cruddur args… --aws --via}, from a laptop that reaches only Lambda. */
    Run via(String... args) {
      Map<String, String> env = new TreeMap<>();
      env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.url().toString());
      env.put("AWS_REGION", LocalEngines.endpoints().region());
      env.put("AWS_ACCESS_KEY_ID", LocalEngines.endpoints().accessKeyId());
      env.put("AWS_SECRET_ACCESS_KEY", LocalEngines.endpoints().secretAccessKey());
      return cruddur(env, args, "--aws", "--via", function);
    }

    /** {@code cruddur args… --aws --outputs F --context test}, where the vehicle runs it. */
    Run here(String... args) throws IOException {
      Map<String, String> env = new TreeMap<>(stage.vehicleEnvironment("c1:alike"));
      // the project the vehicle carries: the repository's own, or the test's copy
      env.put(
          Release.PROJECT_DIR_ENV,
          project.orElse(Path.of(System.getProperty("cruddur.repositoryRoot"))).toString());
      Path outputs = work.resolve(stage.name() + "-outputs.json");
      Files.writeString(
          outputs,
          JSON.writeValueAsString(Map.of("cruddur-" + stage.name() + "-release", stage.outputs())));
      return cruddur(env, args, "--aws", "--outputs", outputs.toString(), "--context", "test");
    }

    /** What is this stage's own in a run's text. */
    String masked(String text) {
      return text.replace(stage.table(), "<table>")
          .replace(stage.userPoolId(), "<pool>")
          .replace(stage.database(), "<database>")
          .replace(stage.name(), "<stage>");
    }
  }

  private Run cruddur(Map<String, String> env, String[] args, String... target) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(target));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new Invocation(env, work, new BufferedReader(new StringReader("")), false),
            all.toArray(String[]::new),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int code, String out, String err) {}

  /** A run's exit code, stdout and stderr, with what differs by nature between two runs masked. */
  private static String shown(Stage stage, Run run) {
    String text =
        "exit "
            + run.code()
            + "\n--- stdout\n"
            + run.out()
            + "--- stderr\n"
            + run.err()
                .lines()
                .filter(l -> !l.startsWith("Running "))
                .map(l -> l + "\n")
                .reduce("", String::concat);
    return stage
        .masked(text)
        .replaceAll("\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z?", "<time>")
        .replaceAll("\\d+\\.\\d s\\b", "<s>")
        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
        .replaceAll("(\"\\w*(Ms|Millis)\" : )\\d+", "$1<ms>")
        .replaceAll("( {2,})(?=<s>)", " ");
  }

  /** A command line and the exit code it ends with. */
  private record Command(int exit, String... args) {}

  /** Runs each command on both stages: it exits as expected and shows the same from both. */
  private void expectAlike(Stage there, Stage here, List<Command> commands) throws IOException {
    for (Command command : commands) {
      String line = "cruddur " + String.join(" ", command.args());
      Run via = there.via(command.args());
      Run local = here.here(command.args());
      assertThat(via.code()).as(line + " --via: " + via).isEqualTo(command.exit());
      assertThat(via.out() + via.err()).as(line + " --via shows something").isNotBlank();
      assertThat(shown(there, via))
          .as(line + " --via, against the same run from here")
          .isEqualTo(shown(here, local));
    }
  }

  @Test
  void releasePlanStatusValidateAndRollbackShowTheSameTextAndJson() throws IOException {
    expectAlike(
        new Stage(Optional.empty()),
        new Stage(Optional.empty()),
        List.of(
            new Command(0, "release", "--plan"),
            new Command(0, "release"),
            new Command(0, "status"),
            new Command(0, "validate"),
            new Command(0, "release"),
            new Command(0, "release", "--plan", "--output", "json"),
            new Command(0, "status", "--output", "json"),
            new Command(0, "validate", "--output", "json")));

    Stage there = new Stage(Optional.empty());
    Stage here = new Stage(Optional.empty());
    expectAlike(there, here, List.of(new Command(0, "release", "--output", "json")));
    for (String output : List.of("table", "json")) {
      Run via =
          there.via(
              "db", "rollback", "--count", "1", "--confirm", there.stage.database(), "-o", output);
      Run local =
          here.here(
              "db", "rollback", "--count", "1", "--confirm", here.stage.database(), "-o", output);
      assertThat(via.code()).as(via.toString()).isZero();
      assertThat(shown(there, via))
          .containsAnyOf("rolled back 1 changeset:", "\"rolledBack\" : [ \"")
          .isEqualTo(shown(here, local));
    }
  }

  @Test
  void failuresShowTheSameErrorLineEnvelopeAndExitCode(@TempDir Path broken, @TempDir Path bad)
      throws IOException {
    TestProjects.copyWithABrokenChangeset(broken);
    expectAlike(
        new Stage(Optional.of(broken)),
        new Stage(Optional.of(broken)),
        List.of(
            new Command(1, "release"),
            new Command(1, "release", "--output", "json"),
            new Command(2, "db", "rollback", "--count", "1"),
            new Command(2, "db", "rollback", "--count", "1", "--output", "json")));

    TestProjects.copy(bad);
    Files.writeString(bad.resolve("seeders/V900__bad.yaml"), "kind: no-such-kind\n");
    expectAlike(
        new Stage(Optional.of(bad)),
        new Stage(Optional.of(bad)),
        List.of(
            new Command(2, "release", "--plan"),
            new Command(2, "status", "--output", "json"),
            new Command(2, "validate"),
            new Command(2, "release", "--output", "json")));
  }
}
