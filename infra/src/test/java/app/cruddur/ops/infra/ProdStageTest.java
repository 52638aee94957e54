package app.cruddur.ops.infra;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** What prod does differently: its data survives a deleted stack and an accidental delete. */
class ProdStageTest {
  private final Synthesized prod = Synthesized.prod();

  @Test
  void theTableIsRetainedAndProtected() {
    prod.data()
        .hasResource(
            "AWS::DynamoDB::Table",
            Match.objectLike(
                Map.of(
                    "DeletionPolicy", "Retain",
                    "UpdateReplacePolicy", "Retain",
                    "Properties",
                        Match.objectLike(
                            Map.of(
                                "TableName",
                                "cruddur-messages",
                                "DeletionProtectionEnabled",
                                true,
                                "PointInTimeRecoverySpecification",
                                Map.of("PointInTimeRecoveryEnabled", true))))));
  }

  @Test
  void theUserPoolIsRetainedAndProtected() {
    prod.auth()
        .hasResource(
            "AWS::Cognito::UserPool",
            Match.objectLike(
                Map.of(
                    "DeletionPolicy",
                    "Retain",
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "UserPoolName",
                            "cruddur-user-pool",
                            "DeletionProtection",
                            "ACTIVE")))));
  }

  @Test
  void theDatabaseAndItsCredentialsAreRetainedAndTheInstanceIsProtectedAndMultiAz() {
    prod.database()
        .hasResource(
            "AWS::RDS::DBInstance",
            Match.objectLike(
                Map.of(
                    "DeletionPolicy",
                    "Retain",
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "DeletionProtection", true,
                            "MultiAZ", true,
                            "BackupRetentionPeriod", 7,
                            "DeleteAutomatedBackups", false)))));
    prod.database()
        .hasResource(
            "AWS::SecretsManager::Secret", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
  }

  @Test
  void theStreamConsumerRetriesLonger() {
    prod.data()
        .hasResourceProperties(
            "AWS::Lambda::EventSourceMapping",
            Match.objectLike(
                Map.of(
                    "MaximumRetryAttempts", 5,
                    "MaximumRecordAgeInSeconds", 86400)));
  }
}
