package app.cruddur.ops.vehicle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.vehicle.testing.LocalEngines;
import app.cruddur.ops.vehicle.testing.LocalStage;
import app.cruddur.ops.vehicle.testing.TestProjects;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vehicle's handler, in-process, against a stage made of the local engines: what the function
 * does in the VPC, with the release steps of its package.
 */
@ExtendWith(LocalEngines.class)
class ReleaseHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PACKAGE = "c1:package-under-test";

  @TempDir Path work;
  private final ByteArrayOutputStream functionLog = new ByteArrayOutputStream();

  private ReleaseHandler handler(Map<String, String> env) {
    return new ReleaseHandler(
        env, work, new PrintStream(functionLog, true, StandardCharsets.UTF_8));
  }

  private String functionLog() {
    return functionLog.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aReleaseAppliesTheStagesStepsAndARerunHasNothingToDo() throws IOException {
    LocalStage stage = LocalStage.create("release");
    ReleaseHandler handler = handler(stage.vehicleEnvironment(PACKAGE));

    JsonNode first = invoke(handler, "{\"command\": \"release\"}");
    assertThat(first.path("exitCode").asInt()).as(first.toPrettyString()).isZero();
    assertThat(first.path("exitName").asText()).isEqualTo("ok");
    assertThat(first.path("errorLine").isNull()).isTrue();
    assertThat(first.path("output").asText())
        .contains("context test")
        .contains("V001")
        .contains("R__cognito_sync");
    // the test context: the schema, the table verified (CDK owns it on AWS), the sync; no dev data
    assertThat(stage.ledger())
        .containsExactly(
            "V001 SUCCEEDED", "V002 SUCCEEDED", "V010 SUCCEEDED", "R__cognito_sync SUCCEEDED");

    JsonNode rerun = invoke(handler, "{\"command\": \"release\"}");
    assertThat(rerun.path("exitCode").asInt()).as(rerun.toPrettyString()).isZero();
    assertThat(rerun.path("output").asText()).contains("Nothing to do");

    JsonNode status = invoke(handler, "{\"command\": \"status\", \"output\": \"json\"}");
    assertThat(status.path("exitCode").asInt()).as(status.toPrettyString()).isZero();
    assertThat(JSON.readTree(status.path("output").asText()).toString())
        .contains("V001")
        .contains("V002");
    // the function's log has every command's whole transcript
    assertThat(functionLog())
        .contains("cruddur release --wait 30s --aws --outputs")
        .contains("Nothing to do")
        .contains("cruddur vehicle: release exit 0 (ok)");
  }

  @Test
  void aFailingStepGivesItsExitCodeAndErrorLineBackAndFailsTheDeployment(@TempDir Path project)
      throws IOException {
    TestProjects.copyWithABrokenChangeset(project);
    LocalStage stage = LocalStage.create("failing");
    Map<String, String> env = new TreeMap<>(stage.vehicleEnvironment(PACKAGE));
    env.put("CRUDDUR_PROJECT_DIR", project.toString());
    ReleaseHandler handler = handler(env);

    JsonNode failed = invoke(handler, "{\"command\": \"release\"}");
    assertThat(failed.path("exitCode").asInt()).as(failed.toPrettyString()).isEqualTo(1);
    assertThat(failed.path("exitName").asText()).isEqualTo("failed");
    assertThat(failed.path("errorLine").asText())
        .startsWith("error: V001")
        .contains("no_such_table");
    assertThat(stage.ledger()).containsExactly("V001 FAILED");

    // the same release during a deployment fails it, with that line as CloudFormation's reason
    assertThatThrownBy(() -> handler.handle(event("Create", PACKAGE, stage.outputs())))
        .isInstanceOf(ReleaseFailedException.class)
        .hasMessageStartingWith(
            "release to " + stage.name() + " failed, exit 1 (failed): error: V001")
        .hasMessageContaining("no_such_table")
        .hasMessageEndingWith("(the whole report is in the function's log)")
        .satisfies(e -> assertThat(((ReleaseFailedException) e).exitCode()).isEqualTo(1));
    assertThat(functionLog()).contains("cruddur vehicle: release exit 1 (failed)");
  }

  @Test
  void aBadMigrationIsRolledBackThroughTheVehicleWithTheDatabasesNameAsConfirmation(
      @TempDir Path project) throws IOException {
    TestProjects.copy(project);
    Files.writeString(
        project.resolve("migrations/900_nickname.sql"),
        """
        --liquibase formatted sql
        --changeset cruddur:900-nickname
        ALTER TABLE public.users ADD COLUMN nickname text;
        --rollback ALTER TABLE public.users DROP COLUMN nickname;
        """);
    TestProjects.include(project, "900_nickname.sql");
    LocalStage stage = LocalStage.create("rollback");
    Map<String, String> env = new TreeMap<>(stage.vehicleEnvironment(PACKAGE));
    env.put("CRUDDUR_PROJECT_DIR", project.toString());
    ReleaseHandler handler = handler(env);
    assertThat(invoke(handler, "{\"command\": \"release\"}").path("exitCode").asInt()).isZero();
    assertThat(
            stage.query(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
        .containsExactly("1");

    JsonNode unconfirmed = invoke(handler, "{\"command\": \"rollback\", \"count\": 1}");
    assertThat(unconfirmed.path("exitCode").asInt()).isEqualTo(2);
    assertThat(unconfirmed.path("errorLine").asText())
        .contains("needs confirmation")
        .contains("--confirm " + stage.database());

    JsonNode rolledBack =
        invoke(
            handler,
            "{\"command\": \"rollback\", \"count\": 1, \"confirm\": \"" + stage.database() + "\"}");
    assertThat(rolledBack.path("exitCode").asInt()).as(rolledBack.toPrettyString()).isZero();
    assertThat(rolledBack.path("output").asText())
        .contains("rolled back 1 changeset: 900-nickname");
    assertThat(
            stage.query(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
        .containsExactly("0");

    // while the changeset is still in the package, the next release (same warm function) applies it
    // again:
    // removing it from the code is what keeps it rolled back (README "Deploying", step 5)
    JsonNode again = invoke(handler, "{\"command\": \"release\"}");
    assertThat(again.path("exitCode").asInt()).as(again.toPrettyString()).isZero();
    assertThat(
            stage.query(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'nickname'"))
        .containsExactly("1");
  }

  @Test
  void aDeploymentReleasesAndARollbackOrAStackDeletionChangesNothing() {
    LocalStage stage = LocalStage.create("deploy");
    ReleaseHandler handler = handler(stage.vehicleEnvironment(PACKAGE));

    JsonNode created = handler.handle(event("Create", PACKAGE, stage.outputs()));
    assertThat(created.path("PhysicalResourceId").asText()).isEqualTo(stage.name() + "-release");
    assertThat(created.path("Data").path("ExitCode").asText()).isEqualTo("0");
    assertThat(stage.ledger()).hasSize(4).allMatch(row -> !row.endsWith("FAILED"));

    // CloudFormation rolling back sends the previous package's properties to the current function
    ObjectNode rollback = event("Update", "c1:previous-package", stage.outputs());
    rollback.put("PhysicalResourceId", stage.name() + "-release");
    JsonNode skipped = handler.handle(rollback);
    assertThat(skipped.path("PhysicalResourceId").asText()).isEqualTo(stage.name() + "-release");
    assertThat(skipped.path("Data").path("ExitCode").asText()).isEqualTo("skipped");
    assertThat(functionLog()).contains("CloudFormation is rolling back. Skipped");

    ObjectNode delete = event("Delete", PACKAGE, stage.outputs());
    delete.put("PhysicalResourceId", stage.name() + "-release");
    assertThat(handler.handle(delete).path("PhysicalResourceId").asText())
        .isEqualTo(stage.name() + "-release");
    assertThat(stage.ledger()).as("neither ran a release").hasSize(4);

    // an update of this very package and target (a changed step, a replaced pool) releases again
    JsonNode updated = handler.handle(event("Update", PACKAGE, stage.outputs()));
    assertThat(updated.path("Data").path("ExitCode").asText()).isEqualTo("0");
    assertThat(stage.ledger()).as("the sync step runs on every release").hasSize(5);
  }

  @Test
  void anEventThatIsNotACommandIsAUsageErrorAndNothingRuns() throws IOException {
    LocalStage stage = LocalStage.create("usage");
    ReleaseHandler handler = handler(stage.vehicleEnvironment(PACKAGE));

    JsonNode unknown = invoke(handler, "{\"command\": \"ddb drop\"}");
    assertThat(unknown.path("exitCode").asInt()).isEqualTo(2);
    assertThat(unknown.path("exitName").asText()).isEqualTo("usage");
    assertThat(unknown.path("errorLine").asText())
        .isEqualTo(
            "error: unknown command 'ddb drop' in the event. Send {\"command\":"
                + " \"release|plan|status|validate|rollback\"}");

    JsonNode extra =
        invoke(handler, "{\"command\": \"release\", \"args\": [\"--table\", \"prod\"]}");
    assertThat(extra.path("exitCode").asInt()).isEqualTo(2);
    assertThat(extra.path("errorLine").asText())
        .isEqualTo(
            "error: unknown field 'args' in the event. Use only command, confirm, count, output,"
                + " tag");

    JsonNode countWithoutRollback = invoke(handler, "{\"command\": \"status\", \"count\": 1}");
    assertThat(countWithoutRollback.path("exitCode").asInt()).isEqualTo(2);
    assertThat(countWithoutRollback.path("errorLine").asText())
        .startsWith("error: count, tag and confirm belong to a rollback");

    JsonNode rollbackOfWhat = invoke(handler, "{\"command\": \"rollback\", \"confirm\": \"x\"}");
    assertThat(rollbackOfWhat.path("exitCode").asInt()).isEqualTo(2);
    assertThat(rollbackOfWhat.path("errorLine").asText())
        .startsWith("error: a rollback needs either \"count\": N or \"tag\": \"T\"");

    JsonNode notJson = invoke(handler, "release");
    assertThat(notJson.path("exitCode").asInt()).isEqualTo(2);
    assertThat(
            stage.query(
                "SELECT count(*) FROM pg_tables WHERE tablename = 'cruddur_release_ledger'"))
        .containsExactly("0");
  }

  @Test
  void aFunctionWithoutItsEnvironmentSaysWhatIsMissing() throws IOException {
    Map<String, String> env = new TreeMap<>(LocalStage.awsEnvironment(LocalEngines.endpoints()));
    env.put(ReleaseVehicle.STAGE_ENV, "dev");
    JsonNode result = invoke(handler(env), "{\"command\": \"status\"}");
    assertThat(result.path("exitCode").asInt()).isEqualTo(4);
    assertThat(result.path("exitName").asText()).isEqualTo("config");
    assertThat(result.path("errorLine").asText())
        .isEqualTo(
            "error: the release function is not set up: "
                + ReleaseVehicle.RELEASE_CONTEXT_ENV
                + " is not set. Deploy it with the CDK app (npx cdk deploy), which sets its"
                + " environment");

    env.put(ReleaseVehicle.RELEASE_CONTEXT_ENV, "test");
    env.put(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV, "{\"TableNmae\": \"x\"}");
    assertThat(invoke(handler(env), "{\"command\": \"status\"}").path("errorLine").asText())
        .contains(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV + " has an unknown key TableNmae");
  }

  private JsonNode invoke(ReleaseHandler handler, String event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
    return JSON.readTree(out.toByteArray());
  }

  /** A CloudFormation custom-resource event as the Provider framework passes it on. */
  private static ObjectNode event(
      String type, String packageFingerprint, Map<String, String> target) {
    ObjectNode event = JSON.createObjectNode();
    event.put("RequestType", type);
    event.put("LogicalResourceId", "Release");
    event.put(
        "StackId", "arn:aws:cloudformation:us-east-1:000000000000:stack/cruddur-test-release/1");
    event.put("RequestId", "request-" + type);
    ObjectNode properties = event.putObject("ResourceProperties");
    properties.put(
        "ServiceToken", "arn:aws:lambda:us-east-1:000000000000:function:framework-onEvent");
    properties.put(ReleaseVehicle.PACKAGE_PROPERTY, packageFingerprint);
    properties.set(ReleaseVehicle.TARGET_PROPERTY, JSON.valueToTree(target));
    return event;
  }
}
