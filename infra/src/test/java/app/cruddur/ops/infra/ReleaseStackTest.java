package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.ReleaseVehicle;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The release vehicle, its endpoints and the deploy-time release, as dev synthesizes them. */
class ReleaseStackTest {
  private final Synthesized dev = Synthesized.dev();
  private final Template release = dev.release();
  private final List<Template> producers = List.of(dev.data(), dev.auth(), dev.database());

  @Test
  void theStackIsDeployedAfterTheDataAuthAndDatabaseStacks() {
    ReleaseStack stack = dev.stacks().release();
    assertThat(stack.getStackName()).isEqualTo("cruddur-dev-release");
    assertThat(stack.getDependencies().stream().map(Stack::getStackName))
        .containsExactlyInAnyOrder("cruddur-dev-data", "cruddur-dev-auth", "cruddur-dev-database");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theVehicleRunsTheVehiclePackageInTheIsolatedSubnetsOfTheDatabasesVpc() {
    Map<String, Object> function = vehicleFunction();
    assertThat(function)
        .containsEntry("FunctionName", "cruddur-dev-release")
        .containsEntry("Handler", ReleaseVehicle.HANDLER)
        .containsEntry("Runtime", "java25")
        .containsEntry("MemorySize", 1024);
    assertThat((Integer) function.get("Timeout")).isLessThan(15 * 60);

    Map<String, Object> vpcConfig = (Map<String, Object>) function.get("VpcConfig");
    List<Object> subnets = CrossStack.resolveAll((List<?>) vpcConfig.get("SubnetIds"), producers);
    Map<String, Map<String, Object>> isolated =
        (Map<String, Map<String, Object>>)
            (Map<?, ?>)
                dev.database()
                    .findResources(
                        "AWS::EC2::Subnet",
                        Map.of(
                            "Properties",
                            Match.objectLike(
                                Map.of(
                                    "Tags",
                                    Match.arrayWith(
                                        List.of(
                                            Map.of(
                                                "Key",
                                                "aws-cdk:subnet-type",
                                                "Value",
                                                "Isolated")))))));
    assertThat(subnets)
        .hasSize(2)
        .containsExactlyInAnyOrderElementsOf(
            isolated.keySet().stream().map(id -> Map.of("Ref", id)).toList());
    assertThat((List<Object>) vpcConfig.get("SecurityGroupIds"))
        .containsExactly(
            Map.of(
                "Fn::GetAtt",
                List.of(
                    Templates.logicalId(
                        release, "AWS::EC2::SecurityGroup", "Cruddur release vehicle:"),
                    "GroupId")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void itsEnvironmentNamesTheStagesResourcesAndItsPackage() throws Exception {
    Map<String, Object> variables =
        (Map<String, Object>)
            ((Map<String, Object>) vehicleFunction().get("Environment")).get("Variables");
    assertThat(variables)
        .containsEntry(ReleaseVehicle.STAGE_ENV, "dev")
        .containsEntry(ReleaseVehicle.RELEASE_CONTEXT_ENV, "test")
        .containsEntry(
            ReleaseVehicle.PACKAGE_ENV,
            ReleaseVehicleFunction.fingerprint(Synthesized.vehicleJar()));
    // a JSON document of tokens: resolved by CloudFormation (Fn::Join of its parts)
    String outputs =
        new ObjectMapper().writeValueAsString(variables.get(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV));
    for (String key :
        List.of(
            DeploymentOutputs.TABLE_NAME,
            DeploymentOutputs.USER_POOL_ID,
            DeploymentOutputs.DB_ENDPOINT,
            DeploymentOutputs.DB_PORT,
            DeploymentOutputs.DB_NAME,
            DeploymentOutputs.DB_SECRET_ARN)) {
      assertThat(outputs).contains("\\\"" + key + "\\\"");
    }
    assertThat(outputs)
        .contains("cruddur-dev-data:ExportsOutputRefMessagesTable")
        .contains("cruddur-dev-auth:ExportsOutputRefUserPool")
        .contains("cruddur-dev-database:ExportsOutputRefPostgresCredentials");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theVpcHasEndpointsForTheReleasesCallsAndNothingElse() {
    Map<String, Map<String, Object>> endpoints =
        (Map<String, Map<String, Object>>)
            (Map<?, ?>) release.findResources("AWS::EC2::VPCEndpoint");
    Map<String, String> typeByService = new TreeMap<>();
    endpoints
        .values()
        .forEach(
            e -> {
              Map<String, Object> p = (Map<String, Object>) e.get("Properties");
              typeByService.put(serviceName(p), (String) p.get("VpcEndpointType"));
            });
    assertThat(typeByService)
        .isEqualTo(
            Map.of(
                "dynamodb", "Gateway", "secretsmanager", "Interface", "cognito-idp", "Interface"));
    for (Template template : List.of(dev.data(), dev.auth(), dev.database(), release)) {
      template.resourceCountIs("AWS::EC2::NatGateway", 0);
      template.resourceCountIs("AWS::EC2::InternetGateway", 0);
    }
    release.allResourcesProperties(
        "AWS::EC2::VPCEndpoint",
        Match.objectLike(
            Map.of(
                "VpcId",
                Map.of(
                    "Fn::ImportValue",
                    Match.stringLikeRegexp("cruddur-dev-database:ExportsOutputRefVpc.*")))));
    release.hasResourceProperties(
        "AWS::EC2::VPCEndpoint",
        Match.objectLike(
            Map.of(
                "VpcEndpointType",
                "Gateway",
                "RouteTableIds",
                Match.arrayWith(
                    List.of(
                        Map.of(
                            "Fn::ImportValue",
                            Match.stringLikeRegexp(".*isolatedSubnet1RouteTable.*")))))));
    // dev: one AZ (half the cost; the other AZ reaches it too)
    assertThat(interfaceEndpoints(release))
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p).containsEntry("PrivateDnsEnabled", true);
              assertThat(p.get("SubnetIds").toString())
                  .containsOnlyOnce("isolatedSubnet")
                  .contains("isolatedSubnet1Subnet");
            });
  }

  @Test
  void theInterfaceEndpointsAdmitHttpsFromTheVehicleOnly() {
    String vehicleGroup =
        Templates.logicalId(release, "AWS::EC2::SecurityGroup", "Cruddur release vehicle:");
    String endpointGroup =
        Templates.logicalId(release, "AWS::EC2::SecurityGroup", "Cruddur VPC endpoints:");
    release.resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
    release.hasResourceProperties(
        "AWS::EC2::SecurityGroupIngress",
        Map.of(
            "GroupId",
            Map.of("Fn::GetAtt", List.of(endpointGroup, "GroupId")),
            "SourceSecurityGroupId",
            Map.of("Fn::GetAtt", List.of(vehicleGroup, "GroupId")),
            "IpProtocol",
            "tcp",
            "FromPort",
            443,
            "ToPort",
            443,
            "Description",
            Match.anyValue()));
    // the vehicle may speak HTTPS (routed to the endpoints only) and PostgreSQL inside the VPC
    release.hasResourceProperties(
        "AWS::EC2::SecurityGroup",
        Match.objectLike(
            Map.of(
                "GroupDescription", Match.stringLikeRegexp(".*release vehicle.*"),
                "SecurityGroupEgress",
                    List.of(
                        Map.of(
                            "CidrIp",
                            "0.0.0.0/0",
                            "IpProtocol",
                            "tcp",
                            "FromPort",
                            443,
                            "ToPort",
                            443,
                            "Description",
                            Match.anyValue()),
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
  }

  @Test
  @SuppressWarnings("unchecked")
  void theVehiclesRoleReachesTheStagesTablePoolAndSecretOnly() {
    String role = Templates.logicalId(release, "AWS::IAM::Role", "release vehicle");
    assertThat((Map<String, Object>) release.findResources("AWS::IAM::Role").get(role))
        .extracting("Properties")
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .doesNotContainKey("ManagedPolicyArns");

    Map<String, Object> resourcesByStatement = new LinkedHashMap<>();
    Map<String, List<Object>> actionsByStatement = new LinkedHashMap<>();
    for (Map<String, Object> statement : Templates.statementsOfRole(release, role)) {
      assertThat(statement).containsEntry("Effect", "Allow");
      String sid = (String) statement.getOrDefault("Sid", "logs");
      Object actions = statement.get("Action");
      actionsByStatement.put(
          sid, actions instanceof List ? (List<Object>) actions : List.of(actions));
      resourcesByStatement.put(sid, statement.get("Resource"));
    }
    assertThat(actionsByStatement.keySet())
        .containsExactlyInAnyOrder(
            "logs",
            "UseTheMessagesTable",
            "ReadTheUserPool",
            "ReadTheDatabaseSecret",
            "ManageItsNetworkInterfaces");

    String table = Templates.only(dev.data(), "AWS::DynamoDB::Table").getKey();
    Map<String, Object> tableArn = Map.of("Fn::GetAtt", List.of(table, "Arn"));
    List<Object> tableResources =
        CrossStack.resolveAll((List<?>) resourcesByStatement.get("UseTheMessagesTable"), producers)
            .stream()
            .map(
                r ->
                    r instanceof Map<?, ?> m && m.containsKey("Fn::Join")
                        ? joinParts(m, producers)
                        : r)
            .toList();
    assertThat(tableResources)
        .containsExactly(tableArn, List.of(tableArn, "/index/" + MessagesTable.GROUP_INDEX));
    assertThat(actionsByStatement.get("UseTheMessagesTable"))
        .allMatch(a -> a.toString().startsWith("dynamodb:"))
        .doesNotContain(
            "dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:UpdateTable", "dynamodb:*");

    assertThat(actionsByStatement.get("ReadTheUserPool"))
        .containsExactlyInAnyOrder("cognito-idp:DescribeUserPool", "cognito-idp:ListUsers");
    assertThat(resourcesByStatement.get("ReadTheUserPool").toString())
        .contains(":userpool/")
        .contains("cruddur-dev-auth:ExportsOutputRefUserPool");

    assertThat(actionsByStatement.get("ReadTheDatabaseSecret"))
        .containsExactly("secretsmanager:GetSecretValue");
    String secret = Templates.only(dev.database(), "AWS::SecretsManager::Secret").getKey();
    assertThat(CrossStack.resolve(resourcesByStatement.get("ReadTheDatabaseSecret"), producers))
        .isEqualTo(Map.of("Ref", secret));

    assertThat(actionsByStatement.get("logs"))
        .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents");
    assertThat(resourcesByStatement.get("logs"))
        .isEqualTo(
            Map.of(
                "Fn::GetAtt",
                List.of(
                    Templates.only(release, "AWS::Logs::LogGroup", "Vehicle").getKey(), "Arn")));
    // ENI management has no resource-level permission (accepted in AcceptedNagFindings)
    assertThat(resourcesByStatement.get("ManageItsNetworkInterfaces")).isEqualTo("*");
    assertThat(actionsByStatement.get("ManageItsNetworkInterfaces"))
        .allMatch(a -> a.toString().startsWith("ec2:"));
  }

  @Test
  void itsLogsGoToALogGroupWithARetentionAsDoTheProviders() {
    release.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Map.of("LogGroupName", "/aws/lambda/cruddur-dev-release", "RetentionInDays", 14));
    release.allResourcesProperties(
        "AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 14)));
    release.resourceCountIs("AWS::Logs::LogGroup", 2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void cdkDeployReleasesThroughTheProviderWhenThePackageOrTheTargetChanges() {
    Map<String, Object> properties = Templates.properties(release, DeployTimeRelease.RESOURCE_TYPE);
    assertThat(properties)
        .containsEntry(
            ReleaseVehicle.PACKAGE_PROPERTY,
            ReleaseVehicleFunction.fingerprint(Synthesized.vehicleJar()))
        .containsEntry("ServiceTimeout", "1200");
    assertThat(((Map<String, Object>) properties.get(ReleaseVehicle.TARGET_PROPERTY)).keySet())
        .containsExactlyInAnyOrder(
            DeploymentOutputs.TABLE_NAME,
            DeploymentOutputs.USER_POOL_ID,
            DeploymentOutputs.DB_ENDPOINT,
            DeploymentOutputs.DB_PORT,
            DeploymentOutputs.DB_NAME,
            DeploymentOutputs.DB_SECRET_ARN);
    // the provider framework's function invokes the vehicle (synchronously: it waits for the
    // answer)
    String provider =
        ((List<String>) ((Map<String, Object>) properties.get("ServiceToken")).get("Fn::GetAtt"))
            .get(0);
    Map<String, Object> providerFunction =
        (Map<String, Object>) release.findResources("AWS::Lambda::Function").get(provider);
    assertThat(providerFunction.get("Properties").toString())
        .contains("USER_ON_EVENT_FUNCTION_ARN");
    assertThat(Templates.statementsOfRole(release, roleOf(providerFunction)).toString())
        .contains("lambda:InvokeFunction")
        .contains(Templates.logicalId(release, "AWS::Lambda::Function", "release vehicle"));
  }

  @Test
  void theFingerprintIsTheVehiclePackagesAndChangesWithIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path a = java.nio.file.Files.write(dir.resolve("a.jar"), new byte[] {1, 2, 3});
    java.nio.file.Path b = java.nio.file.Files.write(dir.resolve("b.jar"), new byte[] {1, 2, 4});
    assertThat(ReleaseVehicleFunction.fingerprint(a))
        .startsWith("sha256:")
        .hasSize(7 + 16)
        .isEqualTo(
            ReleaseVehicleFunction.fingerprint(java.nio.file.Files.copy(a, dir.resolve("c.jar"))))
        .isNotEqualTo(ReleaseVehicleFunction.fingerprint(b));
  }

  @Test
  void switchedOffByContextTheStageDeploysTheVehicleWithoutRunningIt() {
    Template off = Template.fromStack(Synthesized.synthesize(StageConfig.dev(), false).release());
    off.resourceCountIs(DeployTimeRelease.RESOURCE_TYPE, 0);
    off.resourceCountIs("AWS::Lambda::Function", 1);
    off.hasResourceProperties(
        "AWS::Lambda::Function", Match.objectLike(Map.of("FunctionName", "cruddur-dev-release")));
    release.resourceCountIs(DeployTimeRelease.RESOURCE_TYPE, 1);
  }

  @Test
  void prodPutsTheInterfaceEndpointsInEveryAz() {
    assertThat(interfaceEndpoints(Synthesized.prod().release()))
        .hasSize(2)
        .allSatisfy(
            p ->
                assertThat(p.get("SubnetIds").toString())
                    .contains("isolatedSubnet1Subnet")
                    .contains("isolatedSubnet2Subnet"));
  }

  @Test
  void theStackOutputsTheVehiclesFunctionAndSecurityGroup() {
    release.hasOutput(
        DeploymentOutputs.RELEASE_FUNCTION_NAME,
        Map.of(
            "Value",
            Map.of(
                "Ref", Templates.logicalId(release, "AWS::Lambda::Function", "release vehicle"))));
    release.hasOutput(
        DeploymentOutputs.RELEASE_SECURITY_GROUP_ID,
        Map.of(
            "Value",
            Map.of(
                "Fn::GetAtt",
                List.of(
                    Templates.logicalId(
                        release, "AWS::EC2::SecurityGroup", "Cruddur release vehicle:"),
                    "GroupId"))));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> interfaceEndpoints(Template template) {
    return ((Map<String, Map<String, Object>>)
            (Map<?, ?>)
                template.findResources(
                    "AWS::EC2::VPCEndpoint",
                    Map.of("Properties", Match.objectLike(Map.of("VpcEndpointType", "Interface")))))
        .values().stream().map(e -> (Map<String, Object>) e.get("Properties")).toList();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> vehicleFunction() {
    return (Map<String, Object>)
        ((Map<String, Object>)
                release
                    .findResources("AWS::Lambda::Function")
                    .get(Templates.logicalId(release, "AWS::Lambda::Function", "release vehicle")))
            .get("Properties");
  }

  @SuppressWarnings("unchecked")
  private static String roleOf(Map<String, Object> function) {
    return ((List<String>)
            ((Map<String, Object>) ((Map<String, Object>) function.get("Properties")).get("Role"))
                .get("Fn::GetAtt"))
        .get(0);
  }

  @SuppressWarnings("unchecked")
  private static String serviceName(Map<String, Object> endpoint) {
    List<Object> parts =
        (List<Object>)
            ((List<Object>) ((Map<String, Object>) endpoint.get("ServiceName")).get("Fn::Join"))
                .get(1);
    return parts.get(parts.size() - 1).toString().substring(1);
  }

  /**
   * The parts of an {@code Fn::Join} with "" whose first part is an import, resolved: [value,
   * suffix].
   */
  @SuppressWarnings("unchecked")
  private static Object joinParts(Map<?, ?> join, List<Template> producers) {
    List<Object> parts = (List<Object>) ((List<Object>) join.get("Fn::Join")).get(1);
    List<Object> resolved = new ArrayList<>(CrossStack.resolveAll(parts, producers));
    return resolved;
  }
}
