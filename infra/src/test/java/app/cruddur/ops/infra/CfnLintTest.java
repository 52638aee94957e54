package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.infra.testing.Tools;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * cfn-lint, warnings included, on every template the app synthesizes: both stages (also taking over
 * a course-made deployment, and while its table is imported) and the pipeline with its stages, with
 * the repository's .cfnlintrc.yaml (two checks off, each for CDK-generated code, with its reason).
 */
class CfnLintTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @org.junit.jupiter.api.BeforeEach
  void cfnLintIsInstalled() {
    Tools.requireOnPath("cfn-lint", "pip install cfn-lint==1.51.0");
  }

  @Test
  void everyTemplateOfBothStagesAndThePipelineIsCleanWarningsIncluded(@TempDir Path dir)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "cfn-lint",
                "--config-file",
                Tools.root().resolve(".cfnlintrc.yaml").toString(),
                "--"));
    for (Synthesized stage : Synthesized.all()) {
      String prefix = "cruddur-" + stage.toString().replace(' ', '-') + "-";
      command.add(write(dir, prefix + "data", stage.data()));
      command.add(write(dir, prefix + "auth", stage.auth()));
      command.add(write(dir, prefix + "database", stage.database()));
      command.add(write(dir, prefix + "release", stage.release()));
    }
    PipelineStack pipeline = PipelineStackTest.pipeline();
    command.add(write(dir, PipelineStack.STACK_NAME, Template.fromStack(pipeline)));
    for (CruddurStage stage : pipeline.stages()) {
      command.add(
          write(
              dir,
              "pipeline-" + stage.getStageName() + "-release",
              Template.fromStack(stage.stacks().release())));
    }

    Tools.Result lint =
        Tools.run(
            command,
            dir,
            Map.of(
                "PATH",
                System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME",
                dir.toString()),
            Duration.ofMinutes(5));

    assertThat(lint.output()).as("cfn-lint's findings").isEmpty();
    assertThat(lint.code()).isZero();
  }

  @Test
  void theLinterFailsOnAWarning(@TempDir Path dir) throws IOException {
    // a template with a bare major engine version, as the database stack had: W3691
    Path template = dir.resolve("bare-major.json");
    Files.writeString(
        template,
        """
        {"Resources": {"Db": {"Type": "AWS::RDS::DBInstance", "Properties": {
          "Engine": "postgres", "EngineVersion": "17", "DBInstanceClass": "db.t4g.micro",
          "AllocatedStorage": "20", "MasterUsername": "u", "ManageMasterUserPassword": true}}}}
        """);
    Tools.Result lint =
        Tools.run(
            List.of(
                "cfn-lint",
                "--config-file",
                Tools.root().resolve(".cfnlintrc.yaml").toString(),
                "--",
                template.toString()),
            dir,
            Map.of(
                "PATH",
                System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME",
                dir.toString()),
            Duration.ofMinutes(2));
    assertThat(lint.code()).isNotZero();
    assertThat(lint.output()).contains("W3691");
  }

  private static String write(Path dir, String name, Template template) throws IOException {
    Path file = dir.resolve(name + ".template.json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), template.toJSON());
    return file.toString();
  }
}
