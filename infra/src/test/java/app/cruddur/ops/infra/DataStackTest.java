package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MessagesTable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The messages table and its stream consumer, as dev synthesizes them. */
class DataStackTest {
  private final Template data = Synthesized.dev().data();

  @Test
  void theTableIsTheModelsTableWithItsGroupIndexAndANewImageStream() {
    data.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Map.of(
            "TableName", "cruddur-messages-dev",
            "KeySchema",
                List.of(
                    Map.of("AttributeName", MessagesTable.PK, "KeyType", "HASH"),
                    Map.of("AttributeName", MessagesTable.SK, "KeyType", "RANGE")),
            "GlobalSecondaryIndexes",
                List.of(
                    Map.of(
                        "IndexName", MessagesTable.GROUP_INDEX,
                        "KeySchema",
                            List.of(
                                Map.of(
                                    "AttributeName", MessagesTable.GROUP_UUID, "KeyType", "HASH"),
                                Map.of("AttributeName", MessagesTable.SK, "KeyType", "RANGE")),
                        "Projection", Map.of("ProjectionType", "ALL"))),
            "AttributeDefinitions",
                Match.arrayWith(
                    List.of(
                        Map.of("AttributeName", MessagesTable.GROUP_UUID, "AttributeType", "S"))),
            "StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE")));
  }

  @Test
  void theTableIsOnDemandWithPointInTimeRecovery() {
    // a plain table on purpose (see DataStack): TableV2 would synthesize AWS::DynamoDB::GlobalTable
    data.resourceCountIs("AWS::DynamoDB::Table", 1);
    data.resourceCountIs("AWS::DynamoDB::GlobalTable", 0);
    data.hasResourceProperties(
        "AWS::DynamoDB::Table",
        Match.objectLike(
            Map.of(
                "BillingMode",
                "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification",
                Map.of("PointInTimeRecoveryEnabled", true))));
  }

  @Test
  void theDevTableGoesWithItsStack() {
    data.hasResource(
        "AWS::DynamoDB::Table",
        Match.objectLike(
            Map.of(
                "DeletionPolicy",
                "Delete",
                "Properties",
                Match.objectLike(Map.of("DeletionProtectionEnabled", false)))));
  }

  @Test
  void theFunctionRunsTheFunctionsJarsHandlerOnJava25Arm() throws IOException {
    Capture table = new Capture();
    data.hasResourceProperties(
        "AWS::Lambda::Function",
        Match.objectLike(
            Map.of(
                "Runtime",
                "java25",
                "Architectures",
                List.of("arm64"),
                "Handler",
                MessageStreamConsumer.HANDLER,
                "Environment",
                Map.of(
                    "Variables",
                    Match.objectLike(
                        Map.of(MessageStreamConsumer.TABLE_NAME_ENV, Map.of("Ref", table)))))));
    assertThat(table.asString()).isEqualTo(Templates.only(data, "AWS::DynamoDB::Table").getKey());

    String handlerClass =
        MessageStreamConsumer.HANDLER.substring(0, MessageStreamConsumer.HANDLER.indexOf("::"));
    try (ZipFile jar = new ZipFile(Synthesized.functionsJar().toFile())) {
      assertThat(jar.getEntry(handlerClass.replace('.', '/') + ".class"))
          .as("the handler class in %s", Synthesized.functionsJar())
          .isNotNull();
    }
  }

  @Test
  void theMappingPassesOnlyInsertedMessagesAndReportsPartialFailuresBisectingToAnEncryptedQueue() {
    Capture filters = new Capture();
    Capture queue = new Capture();
    data.hasResourceProperties(
        "AWS::Lambda::EventSourceMapping",
        Match.objectLike(
            Map.of(
                "FilterCriteria", Map.of("Filters", filters),
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", 3,
                "MaximumRecordAgeInSeconds", 3600,
                "BatchSize", 100,
                "MaximumBatchingWindowInSeconds", 1,
                "ParallelizationFactor", 1,
                "DestinationConfig",
                    Map.of(
                        "OnFailure",
                        Map.of("Destination", Map.of("Fn::GetAtt", List.of(queue, "Arn")))))));

    // the exact string: its key order is fixed, so the template does not change between synths
    assertThat(filters.asArray())
        .containsExactly(
            Map.of(
                "Pattern",
                "{\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":[{\"prefix\":\"MSG#\"}]}}},\"eventName\":[\"INSERT\"]}"));
    assertThat(Templates.only(data, "AWS::SQS::Queue").getKey()).isEqualTo(queue.asString());
    assertThat(Templates.properties(data, "AWS::SQS::Queue"))
        .containsEntry("SqsManagedSseEnabled", true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theFunctionMayReadTheStreamQueryTheGroupIndexAndPutOrDeleteItemsNothingElse() {
    String role = Templates.only(data, "AWS::IAM::Role").getKey();
    String table = Templates.only(data, "AWS::DynamoDB::Table").getKey();
    assertThat(Templates.properties(data, "AWS::IAM::Role")).doesNotContainKey("ManagedPolicyArns");

    Map<Object, Object> resourceOf = new java.util.LinkedHashMap<>();
    for (Map<String, Object> statement : Templates.statementsOfRole(data, role)) {
      assertThat(statement).containsEntry("Effect", "Allow");
      Object actions = statement.get("Action");
      for (Object action : actions instanceof List ? (List<Object>) actions : List.of(actions)) {
        resourceOf.put(action, statement.get("Resource"));
      }
    }
    Map<String, Object> tableArn = Map.of("Fn::GetAtt", List.of(table, "Arn"));
    Map<String, Object> streamArn = Map.of("Fn::GetAtt", List.of(table, "StreamArn"));
    assertThat(resourceOf.keySet().stream().filter(a -> a.toString().startsWith("dynamodb:")))
        .containsExactlyInAnyOrder(
            "dynamodb:Query",
            "dynamodb:PutItem",
            "dynamodb:DeleteItem",
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams");
    assertThat(resourceOf.get("dynamodb:Query"))
        .isEqualTo(
            Map.of(
                "Fn::Join", List.of("", List.of(tableArn, "/index/" + MessagesTable.GROUP_INDEX))));
    assertThat(resourceOf.get("dynamodb:PutItem")).isEqualTo(tableArn);
    assertThat(resourceOf.get("dynamodb:DeleteItem")).isEqualTo(tableArn);
    assertThat(resourceOf.get("dynamodb:GetRecords")).isEqualTo(streamArn);
    // ListStreams has no resource-level permission (accepted in AcceptedNagFindings)
    assertThat(resourceOf.get("dynamodb:ListStreams")).isEqualTo("*");
    // the rest: its own log group, and the failure queue
    assertThat(resourceOf.keySet().stream().filter(a -> !a.toString().startsWith("dynamodb:")))
        .containsExactlyInAnyOrder(
            "logs:CreateLogStream",
            "logs:PutLogEvents",
            "sqs:SendMessage",
            "sqs:GetQueueAttributes",
            "sqs:GetQueueUrl");
  }

  @Test
  void theStackOutputsTheTableNameAndStreamArnWithoutExports() {
    String table = Templates.only(data, "AWS::DynamoDB::Table").getKey();
    data.hasOutput(DeploymentOutputs.TABLE_NAME, Map.of("Value", Map.of("Ref", table)));
    data.hasOutput(
        DeploymentOutputs.TABLE_STREAM_ARN,
        Map.of("Value", Map.of("Fn::GetAtt", List.of(table, "StreamArn"))));
    // the only exports are the CDK's own, for the release stack's imports
    assertThat(data.findOutputs("*", Map.of("Export", Match.anyValue())).keySet())
        .allMatch(key -> key.startsWith("ExportsOutput"));
  }
}
