package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.ChangesetStatus;
import app.cruddur.ops.runner.api.ChangesetStatus.State;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.internal.liquibase.ChangeSetInfo;
import app.cruddur.ops.runner.internal.liquibase.Changelog;
import app.cruddur.ops.runner.internal.operations.db.Changesets;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One JSON vocabulary (README, "One vocabulary"): every enum by its name, upper case, in every
 * command's document; lists as arrays; plan and apply as distinct operations; {@code --version} as
 * a document too. In-process, no engine.
 */
class JsonVocabularyTest {
  final Cli cli = Cli.in(TestPaths.target("vocabulary-test-local"));

  static JsonNode json(Cli.Result r) throws Exception {
    return Json.mapper().readTree(r.out());
  }

  @Test
  void versionAsJsonIsTheEnvelope() throws Exception {
    JsonNode doc = json(cli.run("--version", "-o", "json"));

    assertThat(doc.get("operation").asText()).isEqualTo("version");
    assertThat(doc.get("result").get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(doc.get("result").fieldNames())
        .toIterable()
        .containsExactly("version", "java", "javaVendor", "moto", "postgres");
    assertThat(cli.run("--version").out()).startsWith("cruddur ");
  }

  @Test
  void aLocalEnginesStateIsSpelledAsEveryEnum() throws Exception {
    JsonNode services =
        json(cli.run("local", "status", "-o", "json")).get("result").get("services");

    assertThat(services.findValuesAsText("state")).containsExactly("DOWN", "DOWN");
    assertThat(cli.run("local", "status").out()).contains("postgres  down");
  }

  @Test
  void planningIsAnOperationOfItsOwn() throws Exception {
    String[] aws = {"--aws", "--region", "us-east-1", "-o", "json"};
    for (String plan : List.of("--plan", "--dry-run")) {
      JsonNode doc = json(cli.run(concat(new String[] {"release", plan}, aws)));
      assertThat(doc.get("operation").asText()).isEqualTo("release " + plan);
      assertThat(doc.get("error").get("code").asText()).isEqualTo("CONTEXT_REQUIRED");
    }
    assertThat(json(cli.run(concat(new String[] {"release"}, aws))).get("operation").asText())
        .isEqualTo("release");
  }

  @Test
  void dbStatusSaysAChangesetsStateAndContextsAsStatusSaysAStepsOwn() throws Exception {
    List<ChangeSetInfo> changesets =
        Changelog.parse(TestPaths.projectRoot(), "migrations/changelog.yaml", "prod").changeSets();
    ChangeSetInfo devOnly =
        changesets.stream().filter(c -> c.id().equals("003-dev-users")).findFirst().orElseThrow();
    assertThat(devOnly.contexts()).isEqualTo("dev");
    assertThat(changesets.get(0).contexts()).as("no context: every one").isEmpty();

    ChangesetStatus status =
        new ChangesetStatus(
            "migrations/changelog.yaml",
            1,
            List.of(
                changeset("001-users", State.APPLIED, changesets.get(0).contexts()),
                changeset("003-dev-users", State.NOT_IN_CONTEXT, devOnly.contexts()),
                changeset("005-x", State.PENDING, "dev, test")),
            List.of());
    StringWriter out = new StringWriter();
    new Renderer(
            new Output(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                OutputFormat.json,
                false,
                false,
                false))
        .render("db status", Optional.of("local"), status);
    JsonNode rows = Json.mapper().readTree(out.toString()).get("result").get("changesets");

    assertThat(rows.findValuesAsText("state"))
        .containsExactly("APPLIED", "NOT_IN_CONTEXT", "PENDING");
    assertThat(rows.get(0).get("contexts").isArray()).isTrue();
    assertThat(rows.get(0).get("contexts")).isEmpty();
    assertThat(rows.get(1).get("contexts").get(0).asText()).isEqualTo("dev");
    assertThat(rows.get(2).get("contexts")).hasSize(2);
  }

  static ChangesetStatus.Changeset changeset(String id, State state, String contexts) {
    return new ChangesetStatus.Changeset(
        "migrations/x.sql", id, "cruddur", state, "", Changesets.contexts(contexts));
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
