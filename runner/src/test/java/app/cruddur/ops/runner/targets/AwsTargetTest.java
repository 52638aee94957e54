package app.cruddur.ops.runner.targets;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/**
 * On AWS the target cannot be wrong: every name comes from the deployment's outputs or a flag
 * (never a default), every target check happens before the lock (a bad target writes nothing), and
 * a local-only step is "not applicable" in plan, status and release alike. Played with {@code
 * --aws} against moto (AWS_ENDPOINT_URL, as a developer points the CLI at LocalStack) and the
 * shared PostgreSQL, where the CDK app's resources are created as a deployment would leave them.
 */
class AwsTargetTest extends LocalSliceTest {
  String region;

  @BeforeEach
  void aws() {
    region = SharedLocalEnvironment.endpoints().region();
    cli.env("AWS_ENDPOINT_URL", SharedLocalEnvironment.endpoints().awsEndpoint().toString());
    cli.withAwsCredentials();
  }

  /** {@code cruddur args… --aws --region R} on this test's database (--db-url), no names given. */
  Cli.Result aws(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--aws", "--region", region, "--db-url", target.databaseUrl()));
    return cli.run(all.toArray(String[]::new));
  }

  /** The table as the CDK app deploys it (the model's, under this test's name). */
  void deployTable() {
    Cli.Result load =
        cli.run(
            "ddb",
            "schema-load",
            "--endpoint-url",
            SharedLocalEnvironment.endpoints().awsEndpoint().toString(),
            "--region",
            region,
            "--table",
            target.table());
    assertThat(load.exitCode()).as(load.toString()).isZero();
  }

  /** A deployed pool with the dev user bayko. */
  String deployPool(String name) {
    try (var cognito = target.cognito()) {
      String id = cognito.createUserPool(b -> b.poolName(name)).userPool().id();
      cognito.adminCreateUser(
          b ->
              b.userPoolId(id)
                  .username("bayko@example.com")
                  .userAttributes(
                      AttributeType.builder().name("email").value("bayko@example.com").build(),
                      AttributeType.builder().name("preferred_username").value("bayko").build()));
      return id;
    }
  }

  /**
   * A stack of the app with these outputs (a wait-condition handle: moto creates it as
   * CloudFormation would).
   */
  String deployStack(String name, Map<String, String> outputs) {
    StringBuilder out = new StringBuilder();
    outputs.forEach(
        (k, v) ->
            out.append(out.length() == 0 ? "" : ", ")
                .append("\"")
                .append(k)
                .append("\": {\"Value\": \"")
                .append(v)
                .append("\"}"));
    try (CloudFormationClient cfn =
        CloudFormationClient.builder()
            .endpointOverride(SharedLocalEnvironment.endpoints().awsEndpoint())
            .region(Region.of(region))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      cfn.createStack(
          b ->
              b.stackName(name)
                  .templateBody(
                      "{\"Resources\": {\"Handle\": {\"Type\":"
                          + " \"AWS::CloudFormation::WaitConditionHandle\"}}, \"Outputs\": {"
                          + out
                          + "}}"));
    }
    return name;
  }

  String stage() {
    return "cruddur-" + target.database().replace('_', '-');
  }

  Path outputsFile(Map<String, String> outputs) {
    StringBuilder json = new StringBuilder();
    outputs.forEach(
        (k, v) ->
            json.append(json.length() == 0 ? "" : ", ")
                .append("\"")
                .append(k)
                .append("\": \"")
                .append(v)
                .append("\""));
    return project
        .write("cdk-outputs.json", "{\"" + stage() + "\": {" + json + "}}")
        .file("cdk-outputs.json");
  }

  boolean nothingWritten() {
    return target
        .queryOne(
            "SELECT to_regclass('public.cruddur_release_ledger') IS NULL AND"
                + " to_regclass('public.users') IS NULL")
        .equals("t");
  }

  @Test
  void oneStackThatDoesNotNameThePoolIsExitTwoNamingTheFlagNeverTheDefaultPool() {
    deployTable();
    // prod's pool, under the name the model would default to, in the same account (removed after:
    // moto's pools are shared by every test, and others find theirs by that name)
    String prod = deployPool(app.cruddur.ops.model.CognitoPool.POOL_NAME);
    String stack = deployStack(stage() + "-data", Map.of("TableName", target.table()));

    Cli.Result r;
    try {
      r = aws("release", "--stack", stack, "--context", "test");
    } finally {
      try (var cognito = target.cognito()) {
        cognito.deleteUserPool(b -> b.userPoolId(prod));
      }
    }

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.errorLine())
        .isEqualTo(
            "error: the Cognito user pool is not named (stack "
                + stack
                + " has no output UserPoolId; on AWS nothing is a default). Pass --user-pool-id ID,"
                + " or name the whole deployment: --stack cruddur-<stage> (its auth stack's"
                + " UserPoolId output) or --outputs cdk-outputs.json");
    assertThat(nothingWritten()).as("no lock, no ledger, no schema").isTrue();
  }

  @Test
  void onAwsNoNameIsADefaultAndTheFlagToPassIsNamed() {
    Cli.Result r = aws("status", "--context", "test");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.errorLine())
        .startsWith(
            "error: the messages table is not named (no flag or deployment names it; on AWS nothing"
                + " is a default). Pass --table NAME");
    assertThat(nothingWritten()).isTrue();
  }

  @Test
  void aWrongStackIsExitTwoBeforeTheLockWithNoLedgerRow() {
    deployTable();
    String pool = deployPool("pool-" + target.table());

    Cli.Result r =
        aws(
            "release",
            "--stack",
            "cruddur-nope",
            "--context",
            "test",
            "--table",
            target.table(),
            "--user-pool-id",
            pool);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.errorLine())
        .startsWith(
            "error: no stack cruddur-nope-data, cruddur-nope-auth, cruddur-nope-database,"
                + " cruddur-nope-release in this account and region. Check --stack");
    assertThat(nothingWritten()).isTrue();
  }

  @Test
  void aTableTheOutputsNameButThatIsNotDeployedIsExitFourBeforeAnythingIsWritten() {
    String pool = deployPool("pool-" + target.table());
    Path outputs = outputsFile(Map.of("TableName", target.table(), "UserPoolId", pool));

    Cli.Result r = aws("release", "--outputs", outputs.toString(), "--context", "test");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.errorLine())
        .startsWith("error: table " + target.table() + " does not exist on aws region " + region);
    assertThat(nothingWritten()).isTrue();
  }

  @Test
  void aLocalOnlyStepIsNotApplicableOnAwsInPlanStatusAndReleaseAlike() {
    deployTable();
    String pool = deployPool("pool-" + target.table());
    Path outputs =
        outputsFile(new TreeMap<>(Map.of("TableName", target.table(), "UserPoolId", pool)));
    String skipped =
        "Not applicable on aws region "
            + region
            + ": V003 cognito-users (local only: dev users belong in a Cognito"
            + " emulator; on AWS the CDK app owns the pool); skipped.";

    Cli.Result plan = aws("release", "--plan", "--outputs", outputs.toString(), "--context", "dev");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out())
        .contains("5 of 6 steps to apply")
        .doesNotContain("| V003")
        .contains(skipped);

    Cli.Result before = aws("status", "--outputs", outputs.toString(), "--context", "dev");
    assertThat(before.exitCode()).as(before.toString()).isZero();
    assertThat(before.out())
        .containsPattern("V003 +cognito-users +cognito +not applicable")
        .contains(
            "5 steps will run on the next release (V001, V002, V004, V010, R__cognito_sync).");

    Cli.Result release = aws("release", "--outputs", outputs.toString(), "--context", "dev");
    assertThat(release.exitCode()).as(release.toString()).isZero();
    assertThat(release.out()).contains("Applied 5 steps").contains(skipped);
    assertThat(
            target.queryOne("SELECT string_agg(step, ',' ORDER BY id) FROM cruddur_release_ledger"))
        .isEqualTo("V001,V002,V004,V010,R__cognito_sync");
    assertThat(
            target.queryOne("SELECT cognito_user_id IS NOT NULL FROM users WHERE handle = 'bayko'"))
        .as("the deployed pool's sub")
        .isEqualTo("t");

    Cli.Result after = aws("status", "--outputs", outputs.toString(), "--context", "dev");
    assertThat(after.out())
        .containsPattern("V003 +cognito-users +cognito +not applicable")
        .contains("All applied; R__cognito_sync runs on every release.");
    assertThat(aws("release", "--outputs", outputs.toString(), "--context", "dev").out())
        .contains("Nothing to do")
        .contains(skipped);
  }
}
