package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.infra.testing.CdkJson;
import app.cruddur.ops.infra.testing.SimulatedAccount;
import app.cruddur.ops.infra.testing.Tools;
import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Export;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;

/**
 * The dev stage deployed to a simulated account: the synthesized app, deployed with the real CDK
 * CLI (the pinned {@code aws-cdk} of package.json) to moto's CloudFormation, then released with the
 * real runner against what was deployed, named by the outputs file and by the stacks.
 *
 * <p>Where moto falls short, the test does what AWS would: moto creates no Cognito pool or Secrets
 * Manager secret from a template and drops the outputs (and exports) that refer to them, so the
 * test creates the pool and the secret through moto's own APIs and gives the release stack their
 * ids where it imports them; moto's RDS is no database, so the release gets an embedded PostgreSQL
 * with {@code --db-url}; moto cannot invoke functions, so the stage is deployed with {@code -c
 * releaseOnDeploy=false} and the vehicle's deployed configuration is checked instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployToSimulatedAccountTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private SimulatedAccount account;
  private EmbeddedPostgres postgres;
  private Path assembly;
  private Map<String, String> outputs;
  private String userPoolId;
  private String secretArn;

  @BeforeAll
  void deployTheDevStage() throws Exception {
    account = SimulatedAccount.start(work);
    assembly = synthesize(work.resolve("cdk.out"));
    Path cdk = Tools.npmBin("cdk");

    cdk(cdk, "bootstrap");
    outputs =
        new TreeMap<>(
            cdk(cdk, "deploy", "cruddur-dev-data", "cruddur-dev-auth", "cruddur-dev-database"));

    // what AWS would have created from the auth and database templates
    try (CognitoIdentityProviderClient cognito =
        account.client(CognitoIdentityProviderClient.builder())) {
      userPoolId =
          cognito.createUserPool(b -> b.poolName(StageConfig.dev().userPoolName())).userPool().id();
      cognito.adminCreateUser(
          b ->
              b.userPoolId(userPoolId)
                  .username("bayko@example.com")
                  .userAttributes(
                      AttributeType.builder()
                          .name(CognitoPool.EMAIL_ATTRIBUTE)
                          .value("bayko@example.com")
                          .build(),
                      AttributeType.builder()
                          .name(CognitoPool.HANDLE_ATTRIBUTE)
                          .value("bayko")
                          .build()));
    }
    try (SecretsManagerClient secrets = account.client(SecretsManagerClient.builder())) {
      secretArn =
          secrets
              .createSecret(
                  b ->
                      b.name("cruddur-dev-database-credentials")
                          .secretString(
                              "{\"username\":\"cruddurroot\",\"password\":\"not-used-here\"}"))
              .arn();
    }
    exportWhatMotoDropped();

    outputs.putAll(cdk(cdk, "deploy", "--exclusively", "cruddur-dev-release"));
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
    if (account != null) {
      account.close();
    }
  }

  @Test
  void theReleaseWorkflowIsDeployedAsTheStagesStandardStateMachine() {
    try (SfnClient sfn = account.client(SfnClient.builder())) {
      DescribeStateMachineResponse workflow =
          sfn.describeStateMachine(
              b -> b.stateMachineArn(outputs.get(DeploymentOutputs.RELEASE_WORKFLOW_ARN)));
      assertThat(workflow.name()).isEqualTo(ReleaseWorkflow.stateMachineName("dev"));
      assertThat(workflow.typeAsString()).isEqualTo("STANDARD");
      assertThat(workflow.definition())
          .contains("\"" + ReleaseWorkflow.SLICE_STATE + "\"")
          .contains("arn:aws:states:::lambda:invoke")
          .contains("arn:aws:states:::codebuild:startBuild.sync");
    }
  }

  @Test
  void theVehicleIsDeployedInTheIsolatedSubnetsWithTheStagesTarget() throws IOException {
    try (LambdaClient lambda = account.client(LambdaClient.builder())) {
      GetFunctionConfigurationResponse vehicle =
          lambda.getFunctionConfiguration(
              b -> b.functionName(outputs.get(DeploymentOutputs.RELEASE_FUNCTION_NAME)));
      assertThat(vehicle.functionName()).isEqualTo(ReleaseVehicle.functionName("dev"));
      assertThat(vehicle.handler()).isEqualTo(ReleaseVehicle.HANDLER);
      assertThat(vehicle.vpcConfig().subnetIds())
          .containsExactlyInAnyOrderElementsOf(
              Arrays.asList(outputs.get(DeploymentOutputs.ISOLATED_SUBNET_IDS).split(",")));
      assertThat(vehicle.vpcConfig().securityGroupIds())
          .containsExactly(outputs.get(DeploymentOutputs.RELEASE_SECURITY_GROUP_ID));
      // (moto answers a fixed vpc-123abc for the VpcId of any function's VpcConfig: not checked)

      JsonNode target =
          JSON.readTree(
              vehicle.environment().variables().get(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV));
      assertThat(target.path(DeploymentOutputs.TABLE_NAME).asText())
          .isEqualTo(outputs.get(DeploymentOutputs.TABLE_NAME));
      assertThat(target.path(DeploymentOutputs.USER_POOL_ID).asText()).isEqualTo(userPoolId);
      assertThat(target.path(DeploymentOutputs.DB_ENDPOINT).asText())
          .isEqualTo(outputs.get(DeploymentOutputs.DB_ENDPOINT));
      assertThat(target.path(DeploymentOutputs.DB_SECRET_ARN).asText()).isEqualTo(secretArn);
      assertThat(vehicle.environment().variables())
          .containsEntry(ReleaseVehicle.RELEASE_CONTEXT_ENV, "test");
    }
  }

  @Test
  void aReleaseNamedByTheOutputsFileReleasesToTheDeployedTableAndPool() throws Exception {
    Path file = work.resolve("cdk-outputs.json");
    Files.writeString(file, JSON.writeValueAsString(Map.of("cruddur-dev", outputs)));
    String database = createDatabase("by_outputs");

    Tools.Result release =
        cruddur(
            "release",
            "--aws",
            "--outputs",
            file.toString(),
            "--context",
            "test",
            "--db-url",
            dbUrl(database),
            "--user-pool-id",
            userPoolId);

    assertThat(release.code()).as(release.output()).isZero();
    assertThat(ledgerIdentities(database)).isEqualTo(deployedIdentities());
  }

  @Test
  void aReleaseNamedByTheStackReleasesToTheSameStores() throws Exception {
    String database = createDatabase("by_stack");

    Tools.Result release =
        cruddur(
            "release",
            "--aws",
            "--stack",
            "cruddur-dev",
            "--context",
            "test",
            "--db-url",
            dbUrl(database),
            "--user-pool-id",
            userPoolId);

    assertThat(release.code()).as(release.output()).isZero();
    assertThat(ledgerIdentities(database)).isEqualTo(deployedIdentities());

    Tools.Result again =
        cruddur(
            "release",
            "--aws",
            "--stack",
            "cruddur-dev",
            "--context",
            "test",
            "--db-url",
            dbUrl(database),
            "--user-pool-id",
            userPoolId);
    assertThat(again.code()).as(again.output()).isZero();
    assertThat(again.output()).contains("Nothing to do");
  }

  /**
   * The stores the release must have used, as the ledger records them: the deployed table's
   * identity (its TableId; moto has none, so its ARN and creation time, as the runner records it
   * then) for the table step, and the deployed pool for the sync step.
   */
  private Map<String, String> deployedIdentities() {
    String table = outputs.get(DeploymentOutputs.TABLE_NAME);
    Map<String, String> identities = new TreeMap<>();
    try (DynamoDbClient dynamo = account.client(DynamoDbClient.builder())) {
      var description = dynamo.describeTable(b -> b.tableName(table)).table();
      String identity =
          description.tableId() != null
              ? "table " + table + " id " + description.tableId()
              : "table "
                  + description.tableArn()
                  + " created "
                  + description.creationDateTime().toEpochMilli();
      identities.put("V002", identity);
      identities.put("V010", identity); // the sort-key migration, on the same deployed table
    }
    identities.put("R__cognito_sync", "pool " + userPoolId);
    return identities;
  }

  /** The ledger's store identity of each applied step on DynamoDB, and the pool each sync used. */
  private Map<String, String> ledgerIdentities(String database) throws SQLException {
    Map<String, String> identities = new TreeMap<>();
    try (Connection c = postgres.getDatabase("postgres", database).getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT step, store, store_identity, details->>'userPoolId' FROM"
                    + " cruddur_release_ledger WHERE outcome = 'SUCCEEDED' AND step <> 'V001' ORDER"
                    + " BY id")) {
      while (r.next()) {
        identities.put(
            r.getString(1),
            r.getString(2).equals("dynamodb") ? r.getString(3) : "pool " + r.getString(4));
      }
    }
    return identities;
  }

  private String createDatabase(String name) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  private String dbUrl(String database) {
    return "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/" + database;
  }

  private Tools.Result cruddur(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("cruddur.runnerJar")));
    command.addAll(List.of(args));
    Map<String, String> env = new TreeMap<>(account.environment());
    env.put("CRUDDUR_PROJECT_DIR", Tools.root().toString());
    return Tools.run(command, work, env, java.time.Duration.ofMinutes(3));
  }

  /**
   * The dev stage as {@code cdk synth} writes it, without the deploy-time release (moto cannot
   * invoke functions).
   */
  private static Path synthesize(Path out) {
    App app = CdkJson.app(out.toString());
    CruddurApp.define(app, StageConfig.dev(), Synthesized.packages(), false);
    CruddurApp.checkWithNag(app);
    app.synth();
    return out;
  }

  /** {@code cdk ARGS --app <assembly>} on the account; the outputs the deployment wrote, merged. */
  private Map<String, String> cdk(Path cdk, String... args) throws IOException {
    Path outputsFile = work.resolve("outputs-" + System.nanoTime() + ".json");
    List<String> command = new ArrayList<>(List.of(cdk.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--app", assembly.toString(), "--no-notices", "--no-version-reporting"));
    if (args[0].equals("deploy")) {
      // moto's ExecuteChangeSet never fills a stack's outputs: create the stacks directly
      command.addAll(
          List.of(
              "--require-approval",
              "never",
              "--method=direct",
              "--outputs-file",
              outputsFile.toString()));
    }
    Tools.Result result =
        Tools.run(command, work, account.environment(), SimulatedAccount.deployTimeout());
    assertThat(result.code()).as("cdk %s: %s", String.join(" ", args), result.output()).isZero();
    Map<String, String> merged = new TreeMap<>();
    if (Files.exists(outputsFile)) {
      for (Iterator<Map.Entry<String, JsonNode>> stacks =
              JSON.readTree(outputsFile.toFile()).fields();
          stacks.hasNext(); ) {
        stacks
            .next()
            .getValue()
            .fields()
            .forEachRemaining(o -> merged.put(o.getKey(), o.getValue().asText()));
      }
    }
    return merged;
  }

  /**
   * moto lists the exports of the outputs it dropped (the pool's id, the secret's ARN) with no
   * value, and then fails every import of them. The release stack's template gets what
   * CloudFormation would have imported there: the ids of the pool and the secret the test created.
   * Nothing else of the synthesized template changes.
   */
  private void exportWhatMotoDropped() throws IOException {
    List<String> dropped;
    try (CloudFormationClient cloudFormation = account.client(CloudFormationClient.builder())) {
      dropped =
          cloudFormation.listExportsPaginator(b -> {}).exports().stream()
              .filter(e -> e.value() == null)
              .map(Export::name)
              .toList();
    }
    Map<String, String> resolved = new TreeMap<>();
    for (String name : dropped) {
      if (name.startsWith("cruddur-dev-auth:ExportsOutputRefUserPool")) {
        resolved.put(name, userPoolId);
      } else if (name.startsWith("cruddur-dev-database:ExportsOutputRefPostgresCredentials")) {
        resolved.put(name, secretArn);
      } else {
        throw new AssertionError("moto dropped an export the test does not stand in for: " + name);
      }
    }
    assertThat(resolved).as("the exports moto dropped: the pool's and the secret's").hasSize(2);
    Path template = assembly.resolve("cruddur-dev-release.template.json");
    JsonNode resolvedTemplate = resolveImports(JSON.readTree(template.toFile()), resolved);
    Files.writeString(
        template, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(resolvedTemplate));
  }

  private static JsonNode resolveImports(JsonNode node, Map<String, String> values) {
    if (node.isObject()) {
      JsonNode imported = node.get("Fn::ImportValue");
      if (node.size() == 1
          && imported != null
          && imported.isTextual()
          && values.containsKey(imported.asText())) {
        return JSON.getNodeFactory().textNode(values.get(imported.asText()));
      }
      ObjectNode copy = JSON.createObjectNode();
      node.fields()
          .forEachRemaining(f -> copy.set(f.getKey(), resolveImports(f.getValue(), values)));
      return copy;
    }
    if (node.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(resolveImports(element, values)));
      return copy;
    }
    return node;
  }
}
