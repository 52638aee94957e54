package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Parsing, help, exit codes and error lines: no engines needed. */
class CliTest {
  final Cli cli = Cli.in(TestPaths.target("cli-test-local"));

  @Test
  void helpListsTheCommandsAndEveryNamedExitCode() {
    Cli.Result r = cli.run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("local", "cognito", "generate-completion", "Exit codes:");
    assertThat(r.out())
        .containsPattern("\\b0 +ok:")
        .containsPattern("\\b1 +failed:")
        .containsPattern("\\b2 +usage:")
        .containsPattern("\\b3 +drift:")
        .containsPattern("\\b4 +config:")
        .containsPattern("\\b5 +locked:")
        .containsPattern("\\b130 +interrupted:");
  }

  @Test
  void versionComesFromTheBuild() {
    Cli.Result r = cli.run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).containsPattern("cruddur \\d+\\.\\d+\\.\\d+");
  }

  @Test
  void anUnknownOptionIsOneErrorLineWithExitTwo() {
    Cli.Result r = cli.run("local", "status", "--frobnicate");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("error: Unknown option: '--frobnicate'. See 'cruddur local status --help'");
  }

  @Test
  void aMistypedCommandGetsASuggestion() {
    Cli.Result r = cli.run("lokal");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("did you mean local");
  }

  @Test
  void aBadOptionValueNamesTheValidOnes() {
    Cli.Result r = cli.run("local", "status", "--output", "yaml");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("yaml").contains("table, json");
  }

  @Test
  void globalOptionsWorkAfterTheSubcommandToo() throws Exception {
    Cli.Result r = cli.run("local", "status", "--output", "json");

    assertThat(r.exitCode()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out()).get("result");
    assertThat(doc.get("up").asBoolean()).isFalse();
    assertThat(doc.get("services")).hasSize(2);
  }

  @Test
  void completionScriptCompletesCruddurOnPathAndDotSlashCruddur() throws Exception {
    Cli.Result r = cli.run("generate-completion");

    assertThat(r.exitCode()).isZero();
    java.nio.file.Path script = TestPaths.target("cli-test-completion.bash");
    java.nio.file.Files.writeString(script, r.out());
    Process bash =
        new ProcessBuilder(
                "bash",
                "-c",
                "source \"$1\" && complete -p cruddur ./cruddur",
                "_",
                script.toString())
            .redirectErrorStream(true)
            .start();
    String bound = new String(bash.getInputStream().readAllBytes());
    assertThat(bash.waitFor()).as(bound).isZero();
    assertThat(bound)
        .contains("complete -o default -F _complete_cruddur cruddur")
        .contains("complete -o default -F _complete_cruddur ./cruddur");
  }

  @Test
  void aDestructiveLocalCommandWithoutATerminalNeedsItsYesFlag() {
    Cli.Result r = cli.run("local", "reset");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: Delete all local data in "
                + TestPaths.target("cli-test-local")
                + ": no terminal to ask on. Pass --yes to confirm\n");
  }

  @Test
  void answeringNoAtThePromptDeletesNothing() {
    Cli.Result r = cli.interactive("n\n").run("local", "reset");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("nothing deleted");
  }

  @Test
  void errorsInJsonModeAreTheEnvelopesErrorWithTheirCode() throws Exception {
    Cli.Result r = cli.run("local", "reset", "-o", "json");

    assertThat(r.exitCode()).isEqualTo(2);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("operation").asText()).isEqualTo("local reset");
    assertThat(doc.get("target").asText()).isEqualTo("local");
    assertThat(doc.has("result")).isFalse();
    assertThat(doc.get("warnings")).isEmpty();
    JsonNode error = doc.get("error");
    assertThat(error.get("code").asText()).isEqualTo("NO_TERMINAL");
    assertThat(error.get("exitCode").asInt()).isEqualTo(2);
    assertThat(error.get("message").asText())
        .isEqualTo(
            "Delete all local data in "
                + TestPaths.target("cli-test-local")
                + ": no terminal to ask on");
    assertThat(error.get("hint").asText()).isEqualTo("Pass --yes to confirm");
  }

  @Test
  void aCommandLineThatDoesNotParseIsOneJsonDocumentToo() throws Exception {
    Cli.Result r = cli.run("local", "status", "--frobnicate", "-o", "json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLine())
        .startsWith("error: Unknown option: '--frobnicate'. See 'cruddur local status --help'");
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("operation").asText()).isEqualTo("local status");
    assertThat(doc.get("error").get("code").asText()).isEqualTo("BAD_ARGUMENT");
    assertThat(doc.get("error").get("exitCode").asInt()).isEqualTo(2);
    assertThat(doc.get("error").get("hint").asText())
        .isEqualTo("See 'cruddur local status --help'");
  }

  @Test
  void aSuccessInJsonModeIsTheEnvelopeWithItsResult() throws Exception {
    Cli.Result r = cli.run("--output=json", "local", "status");

    assertThat(r.exitCode()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("operation").asText()).isEqualTo("local status");
    assertThat(doc.get("target").asText()).isEqualTo("local");
    assertThat(doc.get("result").get("up").asBoolean()).isFalse();
    assertThat(doc.get("result").has("warnings")).as("said once, in the envelope").isFalse();
    assertThat(doc.get("warnings")).isEmpty();
    assertThat(doc.has("error")).isFalse();
  }
}
