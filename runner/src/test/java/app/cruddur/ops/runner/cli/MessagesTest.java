package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input is one line (what is wrong, what to do), a named error code and its documented
 * exit code: issue 25's list of messages that were not, through the CLI in-process. Nothing here
 * reaches an engine: each input is refused before.
 */
class MessagesTest {
  final Cli cli = Cli.in(TestPaths.target("messages-test-local"));

  /** The one error line, after checking it is the only line, and the JSON error's code. */
  String refused(int exit, String code, String... args) throws Exception {
    Cli.Result r = cli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    assertThat(r.err().lines()).as(r.toString()).hasSize(1);
    String[] json = java.util.Arrays.copyOf(args, args.length + 2);
    json[args.length] = "-o";
    json[args.length + 1] = "json";
    JsonNode error = new ObjectMapper().readTree(cli.run(json).out()).get("error");
    assertThat(error.get("code").asText()).isEqualTo(code);
    assertThat(error.get("exitCode").asInt()).isEqualTo(exit);
    return r.err().strip();
  }

  @Test
  void picocliSaysErrorOnceNotErrorColonError() throws Exception {
    assertThat(refused(2, "CONFLICTING_OPTIONS", "release", "--local", "--aws"))
        .isEqualTo(
            "error: --local, --aws are mutually exclusive (specify only one). See 'cruddur release"
                + " --help'");
  }

  @Test
  void aDurationWithoutItsUnitIsRefusedNotGuessed() throws Exception {
    assertThat(refused(2, "BAD_ARGUMENT", "release", "--wait", "10"))
        .isEqualTo(
            "error: Invalid value for option '--wait': '10' has no unit: write 10s, 10m or 10h."
                + " See 'cruddur release --help'");
    assertThat(new DurationConverter().convert("0")).isZero();
    assertThat(new DurationConverter().convert("90s")).hasSeconds(90);
  }

  @Test
  void aNumberTooSmallIsNotToldToBeSmaller() throws Exception {
    assertThat(
            refused(
                2,
                "BAD_ARGUMENT",
                "ddb",
                "seed",
                "--users",
                "1",
                "--endpoint-url",
                "http://127.0.0.1:9",
                "--region",
                "us-east-1",
                "--table",
                "t"))
        .isEqualTo(
            "error: --users must be from 2 to 100000, not 1. Pass a number in that range; nothing"
                + " was written");
  }

  @Test
  void aReadOnlyCommandIsNotToldAboutAReleaseWhenItNeedsAContext() throws Exception {
    assertThat(refused(2, "CONTEXT_REQUIRED", "status", "--aws", "--region", "us-east-1"))
        .isEqualTo(
            "error: cruddur status on aws region us-east-1 needs a context (it decides which steps"
                + " and changesets apply there). Pass --context prod (or dev, test): only the"
                + " local environment with its own database assumes dev");
  }

  @Test
  void aMissingOutputsFileIsSaidSoOnce() throws Exception {
    assertThat(
            refused(
                2,
                "BAD_OUTPUTS_FILE",
                "status",
                "--aws",
                "--context",
                "dev",
                "--outputs",
                "nofile.json"))
        .isEqualTo(
            "error: the deployment outputs file nofile.json does not exist. Pass the file `cdk"
                + " deploy --outputs-file` writes (npx cdk deploy --all --outputs-file"
                + " cdk-outputs.json)");
  }

  @Test
  void aStepFileThatIsNoMappingPointsAtAFileThatExists(@TempDir Path project) throws Exception {
    Files.createDirectories(project.resolve("seeders"));
    Files.writeString(project.resolve("seeders/V001__x.yaml"), "- not a mapping\n");
    cli.projectDir(project);

    String line =
        refused(
            2,
            "STEP_FILE",
            "validate",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "us-east-1",
            "--context",
            "dev",
            "--db-url",
            "postgresql://u@127.0.0.1:9/x");

    assertThat(line)
        .isEqualTo(
            "error: seeders/V001__x.yaml line 1: a step file is a mapping with at least 'kind:'."
                + " Start it with a kind: line, as seeders/V001__schema.yaml does (README.md,"
                + " \"Steps and migrations\", lists the kinds)");
    assertThat(TestPaths.projectRoot().resolve("seeders/V001__schema.yaml")).exists();
    assertThat(Files.readString(TestPaths.projectRoot().resolve("README.md")))
        .contains("## Steps and migrations");
  }
}
