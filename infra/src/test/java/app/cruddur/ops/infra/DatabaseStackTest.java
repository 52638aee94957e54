package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.DeploymentOutputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The VPC and the PostgreSQL instance, as dev synthesizes them. */
class DatabaseStackTest {
  private final Template database = Synthesized.dev().database();

  @Test
  void theInstanceIsAnEncryptedGravitonMicroPostgresWithIamAuthAndBackups() {
    database.hasResourceProperties(
        "AWS::RDS::DBInstance",
        Match.objectLike(
            Map.of(
                "Engine",
                "postgres",
                "EngineVersion",
                "17.9",
                "DBInstanceClass",
                "db.t4g.micro",
                "DBName",
                "cruddur",
                "StorageEncrypted",
                true,
                "EnableIAMDatabaseAuthentication",
                true,
                "BackupRetentionPeriod",
                1,
                "PubliclyAccessible",
                false)));
  }

  @Test
  void itsCredentialsAreGeneratedIntoSecretsManager() {
    Capture secret = new Capture();
    database.hasResourceProperties(
        "AWS::RDS::DBInstance",
        Match.objectLike(
            Map.of(
                "MasterUserPassword",
                Map.of(
                    "Fn::Join",
                    List.of(
                        "",
                        List.of(
                            "{{resolve:secretsmanager:",
                            Map.of("Ref", secret),
                            ":SecretString:password::}}"))))));
    assertThat(Templates.only(database, "AWS::SecretsManager::Secret").getKey())
        .isEqualTo(secret.asString());
    database.hasResourceProperties(
        "AWS::SecretsManager::Secret",
        Match.objectLike(
            Map.of(
                "GenerateSecretString",
                Match.objectLike(Map.of("GenerateStringKey", "password")))));
    database.hasOutput(
        DeploymentOutputs.DB_SECRET_ARN, Map.of("Value", Map.of("Ref", secret.asString())));
  }

  @Test
  @SuppressWarnings("unchecked")
  void itLivesInIsolatedSubnetsOnly() {
    database.resourceCountIs("AWS::EC2::InternetGateway", 0);
    database.resourceCountIs("AWS::EC2::NatGateway", 0);
    database.resourceCountIs("AWS::EC2::Route", 0);
    Map<String, Map<String, Object>> subnets =
        (Map<String, Map<String, Object>>) (Map<?, ?>) database.findResources("AWS::EC2::Subnet");
    assertThat(subnets)
        .hasSize(2)
        .allSatisfy(
            (id, subnet) ->
                assertThat(
                        (List<Object>) ((Map<String, Object>) subnet.get("Properties")).get("Tags"))
                    .contains(Map.of("Key", "aws-cdk:subnet-type", "Value", "Isolated")));
    assertThat(Templates.properties(database, "AWS::RDS::DBSubnetGroup").get("SubnetIds"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .containsExactlyInAnyOrderElementsOf(
            subnets.keySet().stream().map(id -> Map.of("Ref", id)).toList());
  }

  @Test
  void itsSecurityGroupAdmitsPostgresFromInsideTheVpcOnly() {
    database.hasResourceProperties(
        "AWS::EC2::SecurityGroup",
        Match.objectLike(
            Map.of(
                "SecurityGroupIngress",
                List.of(
                    Map.of(
                        "CidrIp",
                        DatabaseStack.VPC_CIDR,
                        "IpProtocol",
                        "tcp",
                        "FromPort",
                        5432,
                        "ToPort",
                        5432,
                        "Description",
                        Match.anyValue())))));
    database.hasResourceProperties(
        "AWS::EC2::VPC", Match.objectLike(Map.of("CidrBlock", DatabaseStack.VPC_CIDR)));
    database.resourceCountIs("AWS::EC2::SecurityGroupIngress", 0);
  }

  @Test
  void theVpcHasAFlowLog() {
    database.hasResourceProperties(
        "AWS::EC2::FlowLog",
        Match.objectLike(
            Map.of(
                "ResourceType", "VPC",
                "TrafficType", "ALL",
                "LogDestinationType", "cloud-watch-logs")));
  }

  @Test
  void theStackOutputsTheEndpointPortAndName() {
    String instance = Templates.only(database, "AWS::RDS::DBInstance").getKey();
    database.hasOutput(
        DeploymentOutputs.DB_ENDPOINT,
        Map.of("Value", Map.of("Fn::GetAtt", List.of(instance, "Endpoint.Address"))));
    database.hasOutput(
        DeploymentOutputs.DB_PORT,
        Map.of("Value", Map.of("Fn::GetAtt", List.of(instance, "Endpoint.Port"))));
    database.hasOutput(DeploymentOutputs.DB_NAME, Map.of("Value", "cruddur"));
  }

  @Test
  void theStackOutputsTheVpcAndItsIsolatedSubnetsForARunnerInTheVpc() {
    String vpc = Templates.only(database, "AWS::EC2::VPC").getKey();
    database.hasOutput(DeploymentOutputs.VPC_ID, Map.of("Value", Map.of("Ref", vpc)));
    Capture subnets = new Capture();
    database.hasOutput(
        DeploymentOutputs.ISOLATED_SUBNET_IDS,
        Map.of("Value", Map.of("Fn::Join", List.of(",", subnets))));
    assertThat(subnets.asArray())
        .containsExactlyInAnyOrderElementsOf(
            database.findResources("AWS::EC2::Subnet").keySet().stream()
                .map(id -> Map.of("Ref", id))
                .toList());
  }
}
