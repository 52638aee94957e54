package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.Release;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Options from the flag, else {@code CRUDDUR_*}, else {@code cruddur.toml}, as Flyway's settings
 * come from its flags, {@code FLYWAY_*} and {@code flyway.toml}. Parsing only: no engine starts.
 */
class ConfigurationTest {
  @TempDir Path project;

  Map<String, String> env = new HashMap<>();

  CommandLine commandLine() {
    env.put(Release.PROJECT_DIR_ENV, project.toString());
    PrintWriter nowhere = new PrintWriter(new StringWriter());
    return Main.commandLine(
        new Invocation(Map.copyOf(env), project, null, false), nowhere, nowhere);
  }

  static Object value(ParseResult parsed, String option) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf.commandSpec().findOption(option).getValue();
  }

  void file(String toml) throws IOException {
    Files.writeString(project.resolve("cruddur.toml"), toml);
  }

  @Test
  void aFlagBeatsTheEnvironmentWhichBeatsTheProjectFile() throws IOException {
    file("context = \"test\"\nstack = \"cruddur-dev\"\nwait = \"2m\"\ntable = \"from-file\"\n");
    env.put("CRUDDUR_CONTEXT", "prod");
    env.put("CRUDDUR_TABLE", "from-env");

    ParseResult parsed = commandLine().parseArgs("status", "--table", "from-flag");

    assertThat(value(parsed, "--table")).isEqualTo("from-flag");
    assertThat(value(parsed, "--context")).isEqualTo("prod");
    assertThat(value(parsed, "--stack")).isEqualTo("cruddur-dev");
    assertThat(Configuration.load(env, project).describe(parsed))
        .containsExactly(
            "configuration: flag > environment (CRUDDUR_*) > " + project.resolve("cruddur.toml"),
            "  --table = from-flag from the command line, over CRUDDUR_TABLE=from-env and"
                + " cruddur.toml's from-file",
            "  --stack = cruddur-dev from cruddur.toml",
            "  --context = prod from CRUDDUR_CONTEXT, over cruddur.toml's test");
  }

  @Test
  void everyConfigurableOptionHasItsVariable() {
    env.put("CRUDDUR_OUTPUT", "json");
    env.put("CRUDDUR_PROFILE", "admin");
    env.put("CRUDDUR_REGION", "eu-west-1");
    env.put("CRUDDUR_WAIT", "10m");

    ParseResult parsed = commandLine().parseArgs("release");

    assertThat(value(parsed, "--profile")).isEqualTo("admin");
    assertThat(value(parsed, "--region")).isEqualTo("eu-west-1");
    assertThat(value(parsed, "--wait")).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(value(parsed, "--output")).isEqualTo(OutputFormat.json);
  }

  @Test
  void aLineThatDoesNotParseAnswersInJsonWhenCruddurOutputAsksForIt() {
    env.put("CRUDDUR_OUTPUT", "json");
    env.put(Release.PROJECT_DIR_ENV, project.toString());
    StringWriter out = new StringWriter();

    int code =
        Main.run(
            new Invocation(Map.copyOf(env), project, null, false),
            new String[] {"status", "--tabel", "x"},
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).contains("\"code\" : \"BAD_ARGUMENT\"");
  }

  @Test
  void anUnknownKeyInTheProjectFileIsExitTwoWithItsLineAndTheNearestKeys() throws IOException {
    file("# team defaults\ncontext = \"dev\"\nstak = \"cruddur-dev\"\n");
    StringWriter err = new StringWriter();
    env.put(Release.PROJECT_DIR_ENV, project.toString());

    int code =
        Main.run(
            new Invocation(Map.copyOf(env), project, null, false),
            new String[] {"status"},
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "error: "
                + project.resolve("cruddur.toml")
                + " line 3: unknown key 'stak'. Use an option's long name without its dashes (did"
                + " you mean stack");
  }

  @Test
  void aProjectFileThatIsNotTomlIsExitTwoAndHelpStillWorks() throws IOException {
    file("context = \n");
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    env.put(Release.PROJECT_DIR_ENV, project.toString());
    Invocation invocation = new Invocation(Map.copyOf(env), project, null, false);

    assertThat(
            Main.run(
                invocation,
                new String[] {"status"},
                new PrintWriter(out, true),
                new PrintWriter(err, true)))
        .isEqualTo(2);
    assertThat(err.toString()).contains("cruddur.toml line 1: is not valid TOML");
    assertThat(
            Main.run(
                invocation,
                new String[] {"status", "--help"},
                new PrintWriter(out, true),
                new PrintWriter(err, true)))
        .isZero();
  }
}
