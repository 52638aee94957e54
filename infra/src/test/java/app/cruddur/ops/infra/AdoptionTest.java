package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MessagesTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A stage taking over what the course's scripts made (issue 22): the table imported as {@code
 * bin/ddb/schema-load} made it and then changed to the model's in place, the hand-made user pool
 * referred to and never owned, the database restored from a snapshot of the old instance.
 */
class AdoptionTest {
  private final Synthesized importing = Synthesized.prodImporting();
  private final Synthesized adopting = Synthesized.prodAdopting();
  private final Synthesized devAdopting = Synthesized.devAdopting();

  @Test
  @SuppressWarnings("unchecked")
  void forCdkImportTheDataStackHoldsTheTableAloneAsSchemaLoadMadeIt() {
    Template data = importing.data();
    Map<String, Object> resources = (Map<String, Object>) data.toJSON().get("Resources");
    // the id README's cdk import command maps to the table (the same on every stage)
    assertThat(resources.keySet()).containsExactly("MessagesTable05B58A27");

    Map<String, Object> table = Templates.only(data, "AWS::DynamoDB::Table").getValue();
    assertThat(table)
        .containsEntry("DeletionPolicy", "Retain")
        .containsEntry("UpdateReplacePolicy", "Retain");
    Map<String, Object> fives = Map.of("ReadCapacityUnits", 5, "WriteCapacityUnits", 5);
    assertThat((Map<String, Object>) table.get("Properties"))
        .isEqualTo(
            Map.of(
                "TableName", Synthesized.COURSE_TABLE,
                "KeySchema",
                    List.of(
                        Map.of("AttributeName", "pk", "KeyType", "HASH"),
                        Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "AttributeDefinitions",
                    List.of(
                        Map.of("AttributeName", "pk", "AttributeType", "S"),
                        Map.of("AttributeName", "sk", "AttributeType", "S"),
                        Map.of("AttributeName", "message_group_uuid", "AttributeType", "S")),
                "ProvisionedThroughput", fives,
                "GlobalSecondaryIndexes",
                    List.of(
                        Map.of(
                            "IndexName",
                            MessagesTable.GROUP_INDEX,
                            "KeySchema",
                            List.of(
                                Map.of("AttributeName", "message_group_uuid", "KeyType", "HASH"),
                                Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                            "Projection",
                            Map.of("ProjectionType", "ALL"),
                            "ProvisionedThroughput",
                            fives))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDeployAfterTheImportChangesTheSameTableInPlaceToTheModels() {
    String imported = tableId(importing.data());
    String converged = tableId(adopting.data());
    assertThat(converged).as("the same logical id: an update, not a new table").isEqualTo(imported);

    Map<String, Object> table = Templates.only(adopting.data(), "AWS::DynamoDB::Table").getValue();
    Map<String, Object> before =
        (Map<String, Object>)
            Templates.only(importing.data(), "AWS::DynamoDB::Table").getValue().get("Properties");
    Map<String, Object> after = (Map<String, Object>) table.get("Properties");
    // what CloudFormation replaces a table for is unchanged: its name and keys
    for (String property : List.of("TableName", "KeySchema", "AttributeDefinitions")) {
      assertThat(after.get(property)).as(property).isEqualTo(before.get(property));
    }
    assertThat(after)
        .containsEntry("BillingMode", "PAY_PER_REQUEST")
        .containsEntry("StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE"))
        .containsEntry(
            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
        .containsEntry("DeletionProtectionEnabled", true)
        .containsKey("Tags")
        .doesNotContainKey("ProvisionedThroughput");
    assertThat(table).containsEntry("DeletionPolicy", "Retain");
    adopting.data().resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
  }

  @Test
  void anAdoptedTableIsRetainedEvenOnDev() {
    devAdopting
        .data()
        .hasResource(
            "AWS::DynamoDB::Table",
            Match.objectLike(
                Map.of(
                    "DeletionPolicy", "Retain",
                    "UpdateReplacePolicy", "Retain",
                    "Properties",
                        Match.objectLike(Map.of("TableName", Synthesized.COURSE_TABLE)))));
  }

  @Test
  void theHandMadePoolIsReferredToNeverOwnedAndTheClientIsCreatedInIt() {
    for (Synthesized stage : List.of(adopting, devAdopting)) {
      Template auth = stage.auth();
      auth.resourceCountIs("AWS::Cognito::UserPool", 0);
      auth.resourceCountIs("AWS::Cognito::UserPoolDomain", 0);
      auth.hasResourceProperties(
          "AWS::Cognito::UserPoolClient",
          Match.objectLike(
              Map.of("UserPoolId", Synthesized.COURSE_POOL_ID, "GenerateSecret", false)));
      auth.hasOutput(DeploymentOutputs.USER_POOL_ID, Map.of("Value", Synthesized.COURSE_POOL_ID));
    }
    // the release vehicle reads that pool, named by its id
    assertThat(adopting.release().toJSON().toString())
        .contains("userpool/" + Synthesized.COURSE_POOL_ID);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDatabaseIsRestoredFromTheSnapshotIntoTheIsolatedSubnetsWithAGeneratedSecret() {
    Template database = adopting.database();
    Map<String, Object> instance = Templates.only(database, "AWS::RDS::DBInstance").getValue();
    Map<String, Object> properties = (Map<String, Object>) instance.get("Properties");

    assertThat(properties)
        .containsEntry("DBSnapshotIdentifier", Synthesized.COURSE_SNAPSHOT)
        .containsEntry("PubliclyAccessible", false)
        .containsEntry("DBInstanceIdentifier", "cruddur-prod")
        // the snapshot's: its database, its master user, its encryption
        .doesNotContainKeys("DBName", "MasterUsername", "StorageEncrypted");
    assertThat(instance)
        .containsEntry("DeletionPolicy", "Retain")
        .containsEntry("UpdateReplacePolicy", "Retain");
    String secret = Templates.only(database, "AWS::SecretsManager::Secret").getKey();
    assertThat(properties.get("MasterUserPassword").toString())
        .contains(secret)
        .contains("SecretString:password");
    database.hasResourceProperties(
        "AWS::SecretsManager::Secret",
        Match.objectLike(
            Map.of(
                "GenerateSecretString",
                Match.objectLike(Map.of("SecretStringTemplate", "{\"username\":\"root\"}")))));
    assertThat(Templates.only(database, "AWS::SecretsManager::Secret").getValue())
        .containsEntry("DeletionPolicy", "Retain");
    // in the isolated subnets, as a new instance is
    assertThat(Templates.properties(database, "AWS::RDS::DBSubnetGroup"))
        .isEqualTo(Templates.properties(Synthesized.prod().database(), "AWS::RDS::DBSubnetGroup"));
  }

  private static String tableId(Template data) {
    return Templates.only(data, "AWS::DynamoDB::Table").getKey();
  }
}
