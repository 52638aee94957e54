package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
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
                "dynamodb", "Gateway",
                "s3", "Gateway",
                "secretsmanager", "Interface",
                "cognito-idp", "Interface",
                "logs", "Interface"));
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
        .hasSize(3)
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
            "ManageItsNetworkInterfaces",
            "UseTheControlTable");
    // a distributed step's run is started, resumed and finished by the release
    assertThat(resourcesByStatement.get("UseTheControlTable"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of(controlTable(), "Arn")));
    assertThat(actionsByStatement.get("UseTheControlTable"))
        .containsExactlyInAnyOrderElementsOf(CONTROL_TABLE_ACTIONS);

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

  /** What a worker and the release do with the control table: its items, no scan or schema. */
  private static final List<String> CONTROL_TABLE_ACTIONS =
      List.of(
          "dynamodb:DescribeTable",
          "dynamodb:GetItem",
          "dynamodb:Query",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:BatchWriteItem");

  private String controlTable() {
    return Templates.only(release, "AWS::DynamoDB::Table").getKey();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theMigrationWorkerRunsOutsideTheVpcWithThisTableAndItsControlTableOnly() {
    String worker = Templates.logicalId(release, "AWS::Lambda::Function", "migration worker");
    Map<String, Object> function =
        (Map<String, Object>)
            ((Map<String, Object>) release.findResources("AWS::Lambda::Function").get(worker))
                .get("Properties");
    assertThat(function)
        .as("outside the VPC: DynamoDB only, no ENI to start for hundreds of workers")
        .doesNotContainKey("VpcConfig")
        .containsEntry("FunctionName", MigrationWorkers.workerFunctionName("dev"))
        .containsEntry("Handler", MigrationWorkers.WORKER_HANDLER)
        .containsEntry("Timeout", (int) MigrationWorkers.WORKER_TIMEOUT.toSeconds());
    assertThat(function.get("Code").toString())
        .as("the vehicle's package: the same seeders/ and Java migrations as the slice")
        .isEqualTo(
            ((Map<String, Object>)
                    Templates.only(release, "AWS::Lambda::Function", "VehicleFunction")
                        .getValue()
                        .get("Properties"))
                .get("Code")
                .toString());
    assertThat(function.get("Environment").toString())
        .contains(MigrationWorkers.CONTROL_TABLE_ENV + "={Ref=" + controlTable() + "}")
        .doesNotContain(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV);

    String role =
        ((List<String>) ((Map<String, Object>) function.get("Role")).get("Fn::GetAtt")).get(0);
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
        .as("no database secret, no user pool, no network interfaces")
        .containsExactlyInAnyOrder("logs", "UseTheMessagesTable", "UseTheControlTable");
    String table = Templates.only(dev.data(), "AWS::DynamoDB::Table").getKey();
    Map<String, Object> tableArn = Map.of("Fn::GetAtt", List.of(table, "Arn"));
    assertThat(
            CrossStack.resolveAll(
                    (List<?>) resourcesByStatement.get("UseTheMessagesTable"), producers)
                .stream()
                .map(
                    r ->
                        r instanceof Map<?, ?> m && m.containsKey("Fn::Join")
                            ? joinParts(m, producers)
                            : r)
                .toList())
        .containsExactly(tableArn, List.of(tableArn, "/index/" + MessagesTable.GROUP_INDEX));
    assertThat(resourcesByStatement.get("UseTheControlTable"))
        .isEqualTo(Map.of("Fn::GetAtt", List.of(controlTable(), "Arn")));
    assertThat(actionsByStatement.get("UseTheControlTable"))
        .containsExactlyInAnyOrderElementsOf(CONTROL_TABLE_ACTIONS);
    assertThat(resourcesByStatement.get("logs").toString())
        .contains(Templates.only(release, "AWS::Logs::LogGroup", "MigrationWorkers").getKey());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theControlTableIsTheMessagesTablesNamesakePayPerRequestStreamlessExpiring() {
    Map<String, Object> table = Templates.properties(release, "AWS::DynamoDB::Table");
    assertThat(table)
        .containsEntry("BillingMode", "PAY_PER_REQUEST")
        .containsEntry(
            "TimeToLiveSpecification",
            Map.of("AttributeName", MigrationWorkers.CONTROL_EXPIRES, "Enabled", true))
        .doesNotContainKey("StreamSpecification");
    assertThat(table.get("KeySchema").toString())
        .isEqualTo("[{AttributeName=pk, KeyType=HASH}, {AttributeName=sk, KeyType=RANGE}]");
    // <messages table>-control, as the runner names it (MigrationWorkers.controlTableFor)
    List<Object> name =
        (List<Object>)
            ((List<Object>) ((Map<String, Object>) table.get("TableName")).get("Fn::Join")).get(1);
    assertThat(CrossStack.resolveAll(name, producers))
        .containsExactly(
            Map.of("Ref", Templates.only(dev.data(), "AWS::DynamoDB::Table").getKey()), "-control");
  }

  @Test
  void itsLogsGoToALogGroupWithARetentionAsDoTheProviders() {
    release.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Map.of("LogGroupName", "/aws/lambda/cruddur-dev-release", "RetentionInDays", 14));
    release.allResourcesProperties(
        "AWS::Logs::LogGroup", Match.objectLike(Map.of("RetentionInDays", 14)));
    // the vehicle, the workflow, the long-step builds, the two deploy-time handlers, the
    // provider, the migration worker
    release.resourceCountIs("AWS::Logs::LogGroup", 7);
  }

  @Test
  @SuppressWarnings("unchecked")
  void cdkDeployStartsTheWorkflowWhenThePackageOrTheTargetChangesAndWaitsWithinTheHour() {
    Map<String, Object> properties = Templates.properties(release, DeployTimeRelease.RESOURCE_TYPE);
    assertThat(properties)
        .containsEntry(
            ReleaseVehicle.PACKAGE_PROPERTY,
            ReleaseVehicleFunction.fingerprint(Synthesized.vehicleJar()))
        // CloudFormation's longest wait for a custom resource
        .containsEntry("ServiceTimeout", "3600");
    assertThat(((Map<String, Object>) properties.get(ReleaseVehicle.TARGET_PROPERTY)).keySet())
        .containsExactlyInAnyOrder(
            DeploymentOutputs.TABLE_NAME,
            DeploymentOutputs.USER_POOL_ID,
            DeploymentOutputs.DB_ENDPOINT,
            DeploymentOutputs.DB_PORT,
            DeploymentOutputs.DB_NAME,
            DeploymentOutputs.DB_SECRET_ARN);

    // the provider's onEvent starts the workflow, its isComplete follows it
    String start = handler(ReleaseWorkflow.DEPLOY_START_HANDLER);
    String check = handler(ReleaseWorkflow.DEPLOY_CHECK_HANDLER);
    String provider =
        ((List<String>) ((Map<String, Object>) properties.get("ServiceToken")).get("Fn::GetAtt"))
            .get(0);
    String framework = release.findResources("AWS::Lambda::Function").get(provider).toString();
    assertThat(framework)
        .contains("USER_ON_EVENT_FUNCTION_ARN={Fn::GetAtt=[" + start)
        .contains("USER_IS_COMPLETE_FUNCTION_ARN={Fn::GetAtt=[" + check)
        .contains("WAITER_STATE_MACHINE_ARN");

    // polled every 30 s for 55 min: 110 attempts, within CloudFormation's hour
    Map<String, Object> waiter =
        Templates.only(release, "AWS::StepFunctions::StateMachine", "DeployTimeRelease").getValue();
    String waiterDefinition = waiter.get("Properties").toString();
    assertThat(ReleaseWorkflow.DEPLOY_WAIT).isLessThan(java.time.Duration.ofHours(1));
    assertThat(waiterDefinition)
        .contains("\"IntervalSeconds\":" + ReleaseWorkflow.DEPLOY_POLL.toSeconds())
        .contains(
            "\"MaxAttempts\":"
                + ReleaseWorkflow.DEPLOY_WAIT.toSeconds()
                    / ReleaseWorkflow.DEPLOY_POLL.toSeconds());
    // the waiter logs every event, with its data, to the provider's log group
    assertThat(
            ((Map<String, Object>) waiter.get("Properties")).get("LoggingConfiguration").toString())
        .contains("Level=ALL")
        .contains("IncludeExecutionData=true");

    // the handlers run outside the VPC (Step Functions only, no PostgreSQL)
    for (String handler : List.of(start, check)) {
      Map<String, Object> function =
          (Map<String, Object>)
              ((Map<String, Object>) release.findResources("AWS::Lambda::Function").get(handler))
                  .get("Properties");
      assertThat(function).doesNotContainKey("VpcConfig");
      Map<String, Object> variables =
          (Map<String, Object>)
              ((Map<String, Object>) function.get("Environment")).get("Variables");
      assertThat(variables)
          .containsEntry(ReleaseWorkflow.WORKFLOW_ARN_ENV, Map.of("Ref", workflowId()))
          .containsEntry(ReleaseWorkflow.DEPLOY_WAIT_ENV, "3300")
          .containsEntry(ReleaseVehicle.STAGE_ENV, "dev")
          .containsKey(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV);
    }
  }

  @Test
  void theDeployTimeHandlersMayStartListFollowAndStopThisStagesWorkflowOnly() {
    String executions =
        "{Fn::Join=[, [arn:, {Ref=AWS::Partition}, :states:, {Ref=AWS::Region}, :,"
            + " {Ref=AWS::AccountId}, :execution:, {Fn::GetAtt=["
            + workflowId()
            + ", Name]}, :*]]}";
    Map<String, Map<String, Object>> start =
        statementsBySid(roleOf(handler(ReleaseWorkflow.DEPLOY_START_HANDLER)));
    assertThat(start.keySet())
        .containsExactlyInAnyOrder("logs", "StartAndListTheReleaseWorkflow", "StopItsExecutions");
    assertThat(start.get("StartAndListTheReleaseWorkflow"))
        .containsEntry("Action", List.of("states:StartExecution", "states:ListExecutions"))
        .containsEntry("Resource", Map.of("Ref", workflowId()));
    assertThat(start.get("StopItsExecutions").get("Resource").toString()).isEqualTo(executions);
    assertThat(start.get("StopItsExecutions")).containsEntry("Action", "states:StopExecution");

    Map<String, Map<String, Object>> check =
        statementsBySid(roleOf(handler(ReleaseWorkflow.DEPLOY_CHECK_HANDLER)));
    assertThat(check.keySet()).containsExactlyInAnyOrder("logs", "FollowAndStopItsExecutions");
    assertThat(check.get("FollowAndStopItsExecutions"))
        .containsEntry(
            "Action",
            List.of(
                "states:DescribeExecution", "states:GetExecutionHistory", "states:StopExecution"));
    assertThat(check.get("FollowAndStopItsExecutions").get("Resource").toString())
        .isEqualTo(executions);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWorkflowIsAStandardStateMachineOfTheStageThatLogsAndTracesEverything() {
    Map<String, Object> workflow =
        (Map<String, Object>)
            Templates.only(release, "AWS::StepFunctions::StateMachine", "Workflow")
                .getValue()
                .get("Properties");
    assertThat(workflow)
        .containsEntry("StateMachineName", "cruddur-dev-release")
        .containsEntry("StateMachineType", "STANDARD")
        .containsEntry("TracingConfiguration", Map.of("Enabled", true));
    assertThat(workflow.get("LoggingConfiguration").toString())
        .contains("IncludeExecutionData=true")
        .contains("Level=ALL");
    release.hasOutput(
        DeploymentOutputs.RELEASE_WORKFLOW_ARN, Map.of("Value", Map.of("Ref", workflowId())));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theWorkflowMayInvokeOnlyThisStagesVehicleAndStartOnlyItsLongStepProject() {
    String alias = Templates.only(release, "AWS::Lambda::Alias").getKey();
    Map<String, Object> workflow =
        Templates.only(release, "AWS::StepFunctions::StateMachine", "Workflow").getValue();
    String role =
        ((List<String>)
                ((Map<String, Object>)
                        ((Map<String, Object>) workflow.get("Properties")).get("RoleArn"))
                    .get("Fn::GetAtt"))
            .get(0);
    List<Map<String, Object>> statements = Templates.statementsOfRole(release, role);

    List<Map<String, Object>> invoking =
        statements.stream()
            .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("lambda:")))
            .toList();
    assertThat(invoking).hasSize(2);
    assertThat(invoking)
        .allSatisfy(st -> assertThat(actions(st)).containsExactly("lambda:InvokeFunction"));
    String vehicle = Templates.logicalId(release, "AWS::Lambda::Function", "release vehicle");
    String worker = Templates.logicalId(release, "AWS::Lambda::Function", "migration worker");
    // the vehicle's alias live and the migration worker (a distributed step's children), and
    // nothing else
    assertThat(invoking.stream().map(st -> st.get("Resource").toString()))
        .containsExactlyInAnyOrder(
            "[{Fn::Join=[, [{Fn::GetAtt=["
                + vehicle
                + ", Arn]}, :live]]}, {Fn::Join=[, [{Fn::GetAtt=["
                + vehicle
                + ", Arn]}, :live:*]]}]",
            "[{Fn::GetAtt=["
                + worker
                + ", Arn]}, {Fn::Join=[, [{Fn::GetAtt=["
                + worker
                + ", Arn]}, :*]]}]");
    assertThat(workflow.get("DependsOn").toString()).contains(alias);

    List<Map<String, Object>> building =
        statements.stream()
            .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("codebuild:")))
            .toList();
    assertThat(building).hasSize(1);
    assertThat(actions(building.get(0)))
        .contains("codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds");
    assertThat(building.get(0).get("Resource").toString())
        .isEqualTo(
            "{Fn::Join=[, [arn:, {Ref=AWS::Partition}, :codebuild:, {Ref=AWS::Region}, :,"
                + " {Ref=AWS::AccountId}, :project/cruddur-dev-release-long-steps]]}");
    assertThat(Templates.properties(release, "AWS::CodeBuild::Project"))
        .containsEntry("Name", "cruddur-dev-release-long-steps");

    // the Distributed Map's children: executions of this state machine's own map runs only
    String self = Templates.only(release, "AWS::StepFunctions::StateMachine", "Workflow").getKey();
    List<Map<String, Object>> children =
        statements.stream()
            .filter(st -> actions(st).stream().anyMatch(a -> a.startsWith("states:")))
            .toList();
    assertThat(children).isNotEmpty();
    assertThat(children.stream().flatMap(st -> actions(st).stream()))
        .contains("states:StartExecution")
        .allMatch(
            a ->
                a.matches(
                    "states:(StartExecution|DescribeExecution|StopExecution|RedriveExecution)"));
    assertThat(children)
        .allSatisfy(st -> assertThat(st.get("Resource").toString()).contains("Ref=" + self));

    // nothing else of ours: the .sync rule CodeBuild needs, log delivery and X-Ray
    assertThat(statements.stream().flatMap(st -> actions(st).stream()).map(a -> a.split(":")[0]))
        .containsOnly("lambda", "codebuild", "events", "logs", "xray", "states");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theVehicleStartsFromASnapStartSnapshotOfItsPublishedAlias() {
    assertThat(vehicleFunction())
        .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    Map.Entry<String, Map<String, Object>> version =
        Templates.only(release, "AWS::Lambda::Version");
    Map<String, Object> alias =
        (Map<String, Object>)
            Templates.only(release, "AWS::Lambda::Alias").getValue().get("Properties");
    assertThat(alias)
        .containsEntry("Name", ReleaseWorkflow.VEHICLE_ALIAS)
        .containsEntry(
            "FunctionVersion", Map.of("Fn::GetAtt", List.of(version.getKey(), "Version")));
    assertThat(version.getValue()).containsEntry("DeletionPolicy", "Delete");
  }

  @Test
  @SuppressWarnings("unchecked")
  void longStepsBuildTheVehiclePackageInTheIsolatedSubnetsWithTheVehiclesRightsAndTarget() {
    Map<String, Object> project = Templates.properties(release, "AWS::CodeBuild::Project");
    assertThat(project)
        .containsEntry("Name", "cruddur-dev-release-long-steps")
        .containsEntry("TimeoutInMinutes", 480);
    Map<String, Object> environment = (Map<String, Object>) project.get("Environment");
    assertThat(environment)
        .containsEntry("Image", "aws/codebuild/amazonlinux-aarch64-standard:3.0")
        .containsEntry("Type", "ARM_CONTAINER")
        .containsEntry("PrivilegedMode", false);
    assertThat(environment.get("EnvironmentVariables").toString())
        .contains("Name=" + ReleaseVehicle.STAGE_ENV + ", Type=PLAINTEXT, Value=dev")
        .contains("Name=" + ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV)
        .contains("Name=" + ReleaseVehicle.PACKAGE_ENV);
    Map<String, Object> source = (Map<String, Object>) project.get("Source");
    assertThat(source).containsEntry("Type", "S3");
    assertThat(source.get("BuildSpec").toString())
        .contains("java: corretto17")
        .contains(ReleaseWorkflow.LONG_STEP_MAIN);
    // the same package as the function's: one asset
    assertThat(source.get("Location").toString()).contains(assetHash(vehicleFunction()));

    Map<String, Object> vpcConfig = (Map<String, Object>) project.get("VpcConfig");
    assertThat(vpcConfig.get("Subnets")).isEqualTo(vehicleFunctionVpc().get("SubnetIds"));
    assertThat(vpcConfig.get("SecurityGroupIds"))
        .isEqualTo(vehicleFunctionVpc().get("SecurityGroupIds"));

    String projectRole =
        ((List<String>) ((Map<String, Object>) project.get("ServiceRole")).get("Fn::GetAtt"))
            .get(0);
    assertThat(statementsBySid(projectRole).keySet())
        .contains(
            "UseTheMessagesTable",
            "ReadTheUserPool",
            "ReadTheDatabaseSecret",
            "UseTheControlTable");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theS3EndpointAdmitsReadingTheAssetBucketOnly() {
    Map<String, Object> s3 = interfaceOrGateway("s3");
    Map<String, Object> policy = (Map<String, Object>) s3.get("PolicyDocument");
    List<Map<String, Object>> statements = (List<Map<String, Object>>) policy.get("Statement");
    assertThat(statements).hasSize(2);
    assertThat(statements)
        .allSatisfy(
            statement -> {
              assertThat(statement)
                  .containsEntry("Effect", "Allow")
                  .containsEntry("Principal", Map.of("AWS", "*"));
              assertThat(statement.get("Resource").toString()).contains("cdk-hnb659fds-assets-");
            });
    assertThat(statements.get(0))
        .containsEntry("Action", List.of("s3:GetObject", "s3:GetObjectVersion"));
    assertThat(statements.get(0).get("Resource").toString()).endsWith("/*]]}");
    assertThat(statements.get(1))
        .containsEntry("Action", List.of("s3:GetBucketAcl", "s3:GetBucketLocation"));
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
  void switchedOffByContextTheStageDeploysTheVehicleAndItsWorkflowWithoutRunningThem() {
    Template off = Template.fromStack(Synthesized.synthesize(StageConfig.dev(), false).release());
    off.resourceCountIs(DeployTimeRelease.RESOURCE_TYPE, 0);
    // the vehicle and the migration worker
    off.resourceCountIs("AWS::Lambda::Function", 2);
    // a pipeline's step starts the workflow (cruddur release --aws --via)
    off.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    off.resourceCountIs("AWS::CodeBuild::Project", 1);
    off.hasResourceProperties(
        "AWS::Lambda::Function", Match.objectLike(Map.of("FunctionName", "cruddur-dev-release")));
    release.resourceCountIs(DeployTimeRelease.RESOURCE_TYPE, 1);
  }

  @Test
  void prodPutsTheInterfaceEndpointsInEveryAz() {
    assertThat(interfaceEndpoints(Synthesized.prod().release()))
        .hasSize(3)
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

  private String workflowId() {
    return Templates.only(release, "AWS::StepFunctions::StateMachine", "Workflow").getKey();
  }

  /** The logical id of the function whose handler is {@code handler}. */
  @SuppressWarnings("unchecked")
  private String handler(String handler) {
    Map<String, Map<String, Object>> functions =
        (Map<String, Map<String, Object>>)
            (Map<?, ?>) release.findResources("AWS::Lambda::Function");
    List<String> found =
        functions.entrySet().stream()
            .filter(
                e ->
                    handler.equals(
                        ((Map<String, Object>) e.getValue().get("Properties")).get("Handler")))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(found).as("functions with handler %s", handler).hasSize(1);
    return found.get(0);
  }

  private String roleOf(String functionId) {
    return roleOf(release.findResources("AWS::Lambda::Function").get(functionId));
  }

  @SuppressWarnings("unchecked")
  private static String roleOf(Object function) {
    return roleOf((Map<String, Object>) function);
  }

  /** The statements of {@code roleId}'s policies by Sid ("logs" for the log group's grant). */
  private Map<String, Map<String, Object>> statementsBySid(String roleId) {
    Map<String, Map<String, Object>> bySid = new java.util.TreeMap<>();
    for (Map<String, Object> statement : Templates.statementsOfRole(release, roleId)) {
      bySid.put((String) statement.getOrDefault("Sid", "logs"), statement);
    }
    return bySid;
  }

  @SuppressWarnings("unchecked")
  private static List<String> actions(Map<String, Object> statement) {
    Object actions = statement.get("Action");
    return actions instanceof List ? (List<String>) actions : List.of((String) actions);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> vehicleFunctionVpc() {
    return (Map<String, Object>) vehicleFunction().get("VpcConfig");
  }

  @SuppressWarnings("unchecked")
  private static String assetHash(Map<String, Object> function) {
    String key = ((Map<String, Object>) function.get("Code")).get("S3Key").toString();
    return key.substring(0, key.indexOf('.'));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> interfaceOrGateway(String service) {
    Map<String, Map<String, Object>> endpoints =
        (Map<String, Map<String, Object>>)
            (Map<?, ?>) release.findResources("AWS::EC2::VPCEndpoint");
    List<Map<String, Object>> found =
        endpoints.values().stream()
            .map(e -> (Map<String, Object>) e.get("Properties"))
            .filter(p -> serviceName(p).equals(service))
            .toList();
    assertThat(found).hasSize(1);
    return found.get(0);
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
