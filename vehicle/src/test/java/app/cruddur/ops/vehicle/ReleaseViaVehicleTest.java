package app.cruddur.ops.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Main;
import app.cruddur.ops.vehicle.testing.LambdaEndpoint;
import app.cruddur.ops.vehicle.testing.LocalEngines;
import app.cruddur.ops.vehicle.testing.LocalStage;
import app.cruddur.ops.vehicle.testing.TestProjects;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * {@code cruddur release|status|validate|db rollback --aws --via}: the CLI, from anywhere, runs the
 * command in a deployed stage's release vehicle and exits with its exit code. moto cannot invoke
 * functions (no Docker), so the vehicle is the real handler behind a Lambda Invoke endpoint on
 * 127.0.0.1 ({@link LambdaEndpoint}), releasing to a stage of local engines; the CLI reaches it as
 * it reaches AWS, through AWS_ENDPOINT_URL_LAMBDA.
 */
@ExtendWith(LocalEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseViaVehicleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PACKAGE = "c1:package-under-test";

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

  /**
   * The stage's vehicle, deployed on the endpoint, with {@code env} as its function's environment.
   */
  private String deploy(LocalStage stage, Map<String, String> env) {
    Path dir = work.resolve("function-" + stage.name());
    ReleaseHandler handler =
        new ReleaseHandler(
            env, dir, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    return lambda.deploy(ReleaseVehicle.functionName(stage.name()), handler);
  }

  private String deploy(LocalStage stage) {
    return deploy(stage, stage.vehicleEnvironment(PACKAGE));
  }

  /**
   * {@code cruddur args…} in-process, from a machine outside the VPC: only the Lambda endpoint (and
   * CloudFormation) reachable.
   */
  private Run cruddur(String... args) {
    Map<String, String> env = new TreeMap<>();
    env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.url().toString());
    env.put("AWS_ENDPOINT_URL_CLOUDFORMATION", LocalEngines.endpoints().awsEndpoint().toString());
    // the laptop's AWS settings, in the command's environment only (the runner reads nothing else)
    env.put("AWS_REGION", LocalEngines.endpoints().region());
    env.put("AWS_ACCESS_KEY_ID", LocalEngines.endpoints().accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", LocalEngines.endpoints().secretAccessKey());
    List<String> all = new ArrayList<>(List.of(args));
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

  private record Run(int code, String out, String err) {
    String errorLine() {
      return err.lines().filter(l -> l.startsWith("error: ")).reduce((a, b) -> b).orElse("");
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  @Test
  void releaseStatusAndValidateRunInTheVehicleAndExitWithItsExitCode() throws IOException {
    LocalStage stage = LocalStage.create("via");
    String function = deploy(stage);

    Run plan = cruddur("release", "--plan", "--aws", "--via", function);
    assertThat(plan.code()).as(plan.toString()).isZero();
    assertThat(plan.out()).contains("Plan for aws").contains("4 of 6 steps to apply");
    assertThat(stage.query("SELECT to_regclass('public.cruddur_release_ledger') IS NULL"))
        .as("a plan writes nothing")
        .containsExactly("t");

    Run release = cruddur("release", "--aws", "--via", function);
    assertThat(release.code()).as(release.toString()).isZero();
    assertThat(release.err())
        .contains(
            "Running release in the release vehicle "
                + function
                + " (Lambda at "
                + lambda.url()
                + "; its log: /aws/lambda/"
                + function
                + ") …");
    assertThat(release.out())
        .startsWith("Release to aws")
        .contains("(context test)")
        .contains("V001")
        .contains("Applied 3 steps");
    assertThat(stage.ledger())
        .containsExactly(
            "V001 SUCCEEDED", "V002 SUCCEEDED", "V010 SUCCEEDED", "R__cognito_sync SUCCEEDED");

    Run again = cruddur("release", "--aws", "--via", function);
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("Nothing to do");

    Run status = cruddur("status", "--aws", "--via", function, "--output", "json");
    assertThat(status.code()).as(status.toString()).isZero();
    JsonNode document = JSON.readTree(status.out());
    assertThat(document.path("operation").asText()).isEqualTo("status");
    assertThat(document.path("result").path("context").asText()).isEqualTo("test");

    Run validate = cruddur("validate", "--aws", "--via", function);
    assertThat(validate.code()).as(validate.toString()).isZero();
    assertThat(validate.out()).startsWith("Valid: ");

    assertThat(lambda.invocations())
        .filteredOn(i -> i.startsWith(function + ": "))
        .extracting(i -> i.substring(function.length() + 2))
        .containsExactly(
            "{\"command\":\"plan\",\"output\":\"table\"}",
            "{\"command\":\"release\",\"output\":\"table\"}",
            "{\"command\":\"release\",\"output\":\"table\"}",
            "{\"command\":\"status\",\"output\":\"json\"}",
            "{\"command\":\"validate\",\"output\":\"table\"}");
  }

  @Test
  void aFailingReleaseInTheVehicleGivesItsErrorLineAndExitCode(@TempDir Path project)
      throws IOException {
    TestProjects.copyWithABrokenChangeset(project);
    LocalStage stage = LocalStage.create("viafail");
    Map<String, String> env = new TreeMap<>(stage.vehicleEnvironment(PACKAGE));
    env.put(Release.PROJECT_DIR_ENV, project.toString());
    String function = deploy(stage, env);

    Run failed = cruddur("release", "--aws", "--via", function);
    assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.errorLine()).startsWith("error: V001").contains("no_such_table");

    Run json = cruddur("release", "--aws", "--via", function, "--output", "json");
    assertThat(json.code()).isEqualTo(1);
    assertThat(JSON.readTree(json.out()).path("error").path("code").asText())
        .isEqualTo("STEP_FAILED");
    assertThat(stage.ledger()).containsExactly("V001 FAILED", "V001 FAILED");
  }

  @Test
  void aRollbackRunsInTheVehicleWithTheDatabasesNameAsConfirmation() {
    LocalStage stage = LocalStage.create("viaback");
    String function = deploy(stage);
    assertThat(cruddur("release", "--aws", "--via", function).code()).isZero();

    Run unconfirmed = cruddur("db", "rollback", "--count", "1", "--aws", "--via", function);
    assertThat(unconfirmed.code()).as(unconfirmed.toString()).isEqualTo(2);
    assertThat(unconfirmed.errorLine())
        .contains("needs confirmation")
        .contains("--confirm " + stage.database());

    Run rolledBack =
        cruddur(
            "db",
            "rollback",
            "--count",
            "1",
            "--confirm",
            stage.database(),
            "--aws",
            "--via",
            function);
    assertThat(rolledBack.code()).as(rolledBack.toString()).isZero();
    assertThat(rolledBack.out()).contains("rolled back 1 changeset");
  }

  @Test
  void theVehicleIsNamedByTheDeploymentsOutputsOrStacks() throws IOException {
    LocalStage stage = LocalStage.create("vianamed");
    String function = deploy(stage);
    String prefix = "cruddur-" + stage.name();
    Path outputs =
        Files.writeString(
            work.resolve("cdk-outputs.json"),
            "{\""
                + prefix
                + "-release\": {\""
                + DeploymentOutputs.RELEASE_FUNCTION_NAME
                + "\": \""
                + function
                + "\"}}");

    Run byOutputs = cruddur("status", "--aws", "--outputs", outputs.toString(), "--via");
    assertThat(byOutputs.code()).as(byOutputs.toString()).isZero();
    assertThat(byOutputs.err()).contains("in the release vehicle " + function);

    try (CloudFormationClient cfn =
        CloudFormationClient.builder()
            .endpointOverride(LocalEngines.endpoints().awsEndpoint())
            .region(Region.of(LocalEngines.endpoints().region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      cfn.createStack(
          b ->
              b.stackName(prefix + "-release")
                  .templateBody(
                      "{\"Resources\": {\"Handle\": {\"Type\":"
                          + " \"AWS::CloudFormation::WaitConditionHandle\"}}, \"Outputs\": {\""
                          + DeploymentOutputs.RELEASE_FUNCTION_NAME
                          + "\": {\"Value\": \""
                          + function
                          + "\"}}}"));
    }
    Run byStack = cruddur("release", "--aws", "--stack", prefix, "--via");
    assertThat(byStack.code()).as(byStack.toString()).isZero();
    assertThat(byStack.out()).contains("Applied 3 steps");
  }

  @Test
  void aVehicleThatIsNotThereOrFailsItselfSaysSo() {
    Run missing = cruddur("release", "--aws", "--via", "cruddur-nope-release");
    assertThat(missing.code()).as(missing.toString()).isEqualTo(4);
    assertThat(missing.errorLine())
        .isEqualTo(
            "error: there is no release vehicle cruddur-nope-release (Lambda at "
                + lambda.url()
                + "). Check --via (the stage's ReleaseFunctionName output,"
                + " cruddur-<stage>-release), --profile and --region, or deploy the stage's release"
                + " stack (npx cdk deploy --all -c stage=<stage>)");

    String slow =
        lambda.deploy(
            "cruddur-slow-release",
            new LambdaEndpoint.Answer(
                "{\"errorMessage\":\"Task timed out after 840.00 seconds\"}", "Unhandled"));
    Run timedOut = cruddur("status", "--aws", "--via", slow);
    assertThat(timedOut.code()).isEqualTo(1);
    assertThat(timedOut.errorLine())
        .isEqualTo(
            "error: the release vehicle cruddur-slow-release failed: Task timed out after 840.00"
                + " seconds. Its log: /aws/lambda/cruddur-slow-release. What a release applied is"
                + " in its ledger (cruddur status --via)");
  }

  @Test
  void optionsThatWouldPointTheVehicleElsewhereAreRefusedAndNothingIsInvoked() {
    int before = lambda.invocations().size();

    Run context =
        cruddur(
            "release",
            "--aws",
            "--via",
            "cruddur-dev-release",
            "--context",
            "prod",
            "--table",
            "other");
    assertThat(context.code()).isEqualTo(2);
    assertThat(context.errorLine())
        .startsWith(
            "error: --table, --context cannot go with --via: the vehicle releases to its own"
                + " stage's resources");

    Run local = cruddur("status", "--via", "cruddur-dev-release");
    assertThat(local.code()).isEqualTo(2);
    assertThat(local.errorLine())
        .startsWith(
            "error: --via runs a deployed stage's release vehicle, and the local environment has"
                + " none");

    Run unnamed = cruddur("release", "--aws", "--via");
    assertThat(unnamed.code()).isEqualTo(2);
    assertThat(unnamed.errorLine())
        .startsWith(
            "error: the release vehicle is not named (no deployment named). Pass --via FUNCTION");

    assertThat(lambda.invocations()).hasSize(before);
  }
}
