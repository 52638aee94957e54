package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.infra.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pipelines/release-via-vehicle, the release step of both pipelines: it invokes the vehicle once,
 * synchronously, prints what the command printed and exits with its exit code. moto cannot invoke
 * functions, so an {@code aws} of the test's stands in for the AWS CLI: it records its arguments
 * and answers as {@code aws lambda invoke} does (metadata on stdout, the payload in the file).
 */
class ReleaseScriptTest {
  @TempDir Path dir;

  @Test
  void aReleaseThatSucceedsPrintsItsReportAndExitsZero() throws IOException {
    Tools.Result run = script(answer("{}", "{\"command\":\"release\",\"exitCode\":0,\"exitName\":\"ok\",\"errorLine\":null,"
        + "\"output\":\"Release to aws (context test)\\nNothing to do\\n\",\"log\":\"\"}"), "cruddur-dev-release", "release");
    assertThat(run.code()).as(run.output()).isZero();
    assertThat(run.output()).contains("Nothing to do");
    String args = Files.readString(dir.resolve("aws.args"));
    assertThat(args).contains("lambda invoke").contains("--function-name cruddur-dev-release")
        .contains("--payload {\"command\":\"release\"}").contains("--cli-read-timeout 900");
    assertThat(Files.readString(dir.resolve("aws.env"))).contains("AWS_MAX_ATTEMPTS=1");
  }

  @Test
  void theReleasesExitCodeAndErrorLineComeThrough() throws IOException {
    Tools.Result run = script(answer("{}", "{\"command\":\"release\",\"exitCode\":3,\"exitName\":\"drift\","
        + "\"errorLine\":\"error: an applied step changed: V002\",\"output\":\"\",\"log\":\"error: an applied step changed: V002\\n\"}"),
        "cruddur-prod-release", "release");
    assertThat(run.code()).isEqualTo(3);
    assertThat(run.output()).contains("error: an applied step changed: V002");
  }

  @Test
  void aFunctionThatFailsItselfIsExitOneWithItsErrorAndWhereItsLogIs() throws IOException {
    Tools.Result run = script(answer("{\"StatusCode\":200,\"FunctionError\":\"Unhandled\"}",
        "{\"errorMessage\":\"Task timed out after 840.00 seconds\"}"), "cruddur-dev-release", "status");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.output()).contains("error: the release vehicle cruddur-dev-release failed: Task timed out after 840.00 seconds")
        .contains("/aws/lambda/cruddur-dev-release");
  }

  @Test
  void anUnknownCommandIsUsageAndInvokesNothing() throws IOException {
    Tools.Result run = script(answer("{}", "{}"), "cruddur-dev-release", "drop");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.output()).contains("error: unknown command 'drop'. Use release, plan, status, validate or rollback");
    assertThat(dir.resolve("aws.args")).doesNotExist();
  }

  @Test
  void aRollbackSendsItsCountAndConfirmation() throws IOException {
    Tools.Result run = script(answer("{}", "{\"command\":\"rollback\",\"exitCode\":0,\"exitName\":\"ok\",\"errorLine\":null,"
        + "\"output\":\"rolled back 1 changeset: 900-nickname\\n\",\"log\":\"\"}"),
        "cruddur-dev-release", "rollback", "--count", "1", "--confirm", "cruddur");
    assertThat(run.code()).as(run.output()).isZero();
    assertThat(run.output()).contains("rolled back 1 changeset: 900-nickname");
    assertThat(Files.readString(dir.resolve("aws.args"))).contains("--payload {\"command\":\"rollback\",\"count\":1,\"confirm\":\"cruddur\"}");
  }

  @Test
  void aRollbackWithoutACountOrTagIsUsageAndInvokesNothing() throws IOException {
    Tools.Result run = script(answer("{}", "{}"), "cruddur-dev-release", "rollback", "--confirm", "cruddur");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.output()).contains("error: rollback needs --count N or --tag TAG");
    assertThat(dir.resolve("aws.args")).doesNotExist();
  }

  /** An {@code aws} that records how it was called and answers with {@code metadata} and {@code payload}. */
  private Path answer(String metadata, String payload) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.writeString(dir.resolve("payload.json"), payload);
    Path aws = bin.resolve("aws");
    Files.writeString(aws, """
        #!/usr/bin/env bash
        echo "$*" > "%1$s/aws.args"
        env > "%1$s/aws.env"
        out="${@: -1}"
        cp "%1$s/payload.json" "$out"
        echo '%2$s'
        """.formatted(dir, metadata));
    Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private Tools.Result script(Path fakeAwsBin, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(Tools.root().resolve(PipelineStack.RELEASE_SCRIPT).toString()));
    command.addAll(List.of(args));
    return Tools.run(command, dir, Map.of("PATH", fakeAwsBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
        "HOME", dir.toString()), Duration.ofMinutes(1));
  }
}
