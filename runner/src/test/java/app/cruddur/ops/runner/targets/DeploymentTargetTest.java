package app.cruddur.ops.runner.targets;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.internal.targets.RdsTls;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.Secrets;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A deployment's outputs as the target (--outputs, --stack): table, pool and database named by
 * them, the database password read from its secret and never shown. Played against moto as the AWS
 * endpoint (it serves CloudFormation and Secrets Manager too) and the shared PostgreSQL.
 */
class DeploymentTargetTest extends LocalSliceTest {
  static final String PASSWORD = Secrets.DB_PASSWORD;

  String moto;

  @BeforeEach
  void setUp() {
    moto = SharedLocalEnvironment.endpoints().awsEndpoint().toString();
    // the endpoint target takes credentials from the environment, like the AWS CLI
    cli.withAwsCredentials();
  }

  String secretArn() {
    try (SecretsManagerClient secrets =
        SecretsManagerClient.builder()
            .endpointOverride(java.net.URI.create(moto))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      return secrets
          .createSecret(
              b ->
                  b.name("db-" + target.database())
                      .secretString(
                          "{\"username\":\"postgres\",\"password\":\""
                              + PASSWORD
                              + "\",\"engine\":\"postgres\"}"))
          .arn();
    }
  }

  /**
   * A pool of the deployment (empty: the sync finds nothing to do, but must find the pool by its
   * id).
   */
  String userPool() {
    try (var cognito = target.cognito()) {
      return cognito
          .createUserPool(b -> b.poolName("deployed-" + target.database()))
          .userPool()
          .id();
    }
  }

  String outputsJson() {
    int port = SharedLocalEnvironment.endpoints().postgresPort();
    return """
    {
      "cruddur-test-data": {"TableName": "%s",
        "TableStreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/x/stream/y"},
      "cruddur-test-auth": {"UserPoolId": "%s", "UserPoolClientId": "none"},
      "cruddur-test-database": {"DbEndpoint": "127.0.0.1", "DbPort": "%d", "DbName": "%s", "DbSecretArn": "%s"}
    }
    """
        .formatted(target.table(), userPool(), port, target.database(), secretArn());
  }

  @Test
  void anOutputsFileNamesTheTableAndTheDatabaseWhosePasswordComesFromItsSecret() throws Exception {
    Path outputs = project.write("cdk-outputs.json", outputsJson()).file("cdk-outputs.json");

    Cli.Result r =
        cli.run(
            "release",
            "--endpoint-url",
            moto,
            "--region",
            "us-east-1",
            "--outputs",
            outputs.toString(),
            "--context",
            "prod",
            "--debug");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("created table " + target.table());
    assertThat(
            target.queryOne("SELECT string_agg(step, ',' ORDER BY id) FROM cruddur_release_ledger"))
        .as("prod: no dev users or seed; the sync ran against the deployment's pool")
        .isEqualTo("V001,V002,V010,R__cognito_sync");
    assertThat(r.out() + r.err()).doesNotContain(PASSWORD);
  }

  @Test
  void aStackNamesTheDeploymentThroughCloudFormation() {
    String arn = secretArn();
    int port = SharedLocalEnvironment.endpoints().postgresPort();
    String template =
        """
        {"Resources": {"Handle": {"Type": "AWS::CloudFormation::WaitConditionHandle"}},
         "Outputs": {"TableName": {"Value": "%s"}, "UserPoolId": {"Value": "%s"}, "DbEndpoint": {"Value": "127.0.0.1"},
                     "DbPort": {"Value": "%d"}, "DbName": {"Value": "%s"}, "DbSecretArn": {"Value": "%s"}}}
        """
            .formatted(target.table(), userPool(), port, target.database(), arn);
    String stack = "cruddur-" + target.database().replace('_', '-') + "-data";
    try (CloudFormationClient cfn =
        CloudFormationClient.builder()
            .endpointOverride(java.net.URI.create(moto))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      cfn.createStack(b -> b.stackName(stack).templateBody(template));
    }

    Cli.Result r =
        cli.run(
            "release",
            "--endpoint-url",
            moto,
            "--region",
            "us-east-1",
            "--stack",
            stack,
            "--context",
            "prod");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    try (DynamoDbClient dynamo = target.dynamo()) {
      assertThat(dynamo.listTables().tableNames()).contains(target.table());
    }
    Cli.Result wrong =
        cli.run(
            "status",
            "--endpoint-url",
            moto,
            "--region",
            "us-east-1",
            "--stack",
            "cruddur-nope",
            "--context",
            "prod");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.errorLine())
        .startsWith(
            "error: no stack cruddur-nope-data, cruddur-nope-auth, cruddur-nope-database,"
                + " cruddur-nope-release in this account and region");
  }

  @Test
  void aBrokenOutputsFileIsExitTwoNamingTheFile() {
    Path outputs =
        project
            .write("cdk-outputs.json", "{\"cruddur-test-data\": {\"TableName\": \n")
            .file("cdk-outputs.json");

    Cli.Result r =
        cli.run(
            "status",
            "--endpoint-url",
            moto,
            "--region",
            "us-east-1",
            "--outputs",
            outputs.toString(),
            "--context",
            "prod");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLine()).startsWith("error: " + outputs + " line 2: not JSON");
  }

  @Test
  void awsTargetsWithoutADatabaseSayHowToNameOne() {
    Cli.Result r =
        cli.run("status", "--endpoint-url", moto, "--region", "us-east-1", "--context", "prod");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errorLine())
        .startsWith("error: no PostgreSQL given for target endpoint " + moto)
        .contains("--outputs cdk-outputs.json / --stack NAME");
  }

  @Test
  void connectionsToRdsVerifyTheServerAgainstTheRdsAuthorities() throws Exception {
    Properties tls = RdsTls.verifyFull();

    assertThat(tls).containsEntry("sslmode", "verify-full");
    Collection<? extends java.security.cert.Certificate> roots;
    try (InputStream in = Files.newInputStream(Path.of(tls.getProperty("sslrootcert")))) {
      roots = CertificateFactory.getInstance("X.509").generateCertificates(in);
    }
    assertThat(roots).hasSizeGreaterThan(100);
    assertThat(roots)
        .anySatisfy(
            c ->
                assertThat(((X509Certificate) c).getSubjectX500Principal().getName())
                    .contains("Amazon RDS us-east-1 Root CA"));
    assertThat(RdsTls.isRdsHost("cruddur.abc123.us-east-1.rds.amazonaws.com")).isTrue();
    assertThat(RdsTls.isRdsHost("127.0.0.1")).isFalse();
  }
}
