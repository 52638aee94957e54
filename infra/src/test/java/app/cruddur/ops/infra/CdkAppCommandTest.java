package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * cdk.json's {@code app} command, without the CDK CLI: {@code java -cp target/classes:$(cat
 * target/classpath.txt)} with the stage in the context, as the CLI passes it. It must run on the
 * runtime classpath alone (a test-scoped dependency can hide a runtime one) and write the same
 * templates the other tests examine.
 */
class CdkAppCommandTest {

  @Test
  void theAppCommandSynthesizesTheProdTemplatesTheTestsExamine(@TempDir Path out) throws Exception {
    String[] classesAndFile = System.getProperty("cruddur.appClasspath").split(File.pathSeparator);
    String classpath =
        classesAndFile[0]
            + File.pathSeparator
            + Files.readString(Path.of(classesAndFile[1])).strip();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                CruddurApp.class.getName()));
    ProcessBuilder app =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("app.log").toFile());
    app.environment()
        .putAll(
            Map.of(
                "CDK_OUTDIR",
                out.toString(),
                "CDK_CONTEXT_JSON",
                "{\"stage\":\"prod\",\"functionsJar\":\""
                    + Synthesized.functionsJar()
                    + "\",\"vehicleJar\":\""
                    + Synthesized.vehicleJar()
                    + "\"}",
                "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION",
                "20"));

    Process process = app.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the app finished").isTrue();

    assertThat(process.exitValue()).as(log(out)).isZero();
    Synthesized prod = Synthesized.prod();
    assertThat(template(out, "cruddur-prod-data")).isEqualTo(prod.data().toJSON());
    assertThat(template(out, "cruddur-prod-auth")).isEqualTo(prod.auth().toJSON());
    assertThat(template(out, "cruddur-prod-database")).isEqualTo(prod.database().toJSON());
    assertThat(template(out, "cruddur-prod-release")).isEqualTo(prod.release().toJSON());
  }

  private static Map<String, Object> template(Path out, String stack) throws IOException {
    return Template.fromString(Files.readString(out.resolve(stack + ".template.json"))).toJSON();
  }

  private static String log(Path out) {
    try {
      return Files.readString(out.resolve("app.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
