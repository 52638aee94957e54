package app.cruddur.ops.runner.migration;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A GSI added to the model: created by the runner where it owns the table (UpdateTable, waited for
 * until ACTIVE), only verified where the CDK app owns it (AWS), where a missing one says to deploy.
 */
class IndexChangesTest extends LocalSliceTest {
  @BeforeEach
  void aTableFromBeforeTheIndexWasInTheModel() throws Exception {
    try (var files = Files.list(project.file("seeders"))) {
      for (var f : files.toList()) {
        if (!f.getFileName().toString().startsWith("V002")) {
          Files.delete(f);
        }
      }
    }
    MessagesFixture.createTable(target, false);
    MessagesFixture.write(target, MigrationCase.INDEX_FILL.items(20, 5));
  }

  @Test
  void theTableStepCreatesTheModelsMissingIndexWhereTheRunnerOwnsTheTable() {
    Cli.Result release = run("release");

    assertThat(release.exitCode()).as(release.toString()).isZero();
    assertThat(release.out())
        .contains("created the model's missing indexes on " + target.table() + " (ACTIVE)");
    assertThat(indexes()).isEqualTo("message-group-sk-index ACTIVE");
  }

  @Test
  void onAwsWhereTheCdkAppOwnsTheTableAMissingIndexIsNotCreatedAndSaysToDeploy() {
    project.delete("seeders/V002__messages_table.yaml");
    project.write(
        "seeders/" + MigrationCase.INDEX_FILL.fileName,
        MigrationCase.INDEX_FILL.stepFile(4, 50, ""));
    LocalEndpoints e = SharedLocalEnvironment.endpoints();
    Cli aws = cli.env("AWS_ENDPOINT_URL", e.awsEndpoint().toString()).withAwsCredentials();
    Cli.Result release =
        aws.run(target.args("release", "--aws", "--region", e.region(), "--context", "prod"));

    assertThat(release.exitCode()).as(release.toString()).isEqualTo(4);
    assertThat(release.errorLine())
        .contains(
            "table "
                + target.table()
                + " has no index message-group-sk-index on aws region "
                + e.region())
        .contains(
            "The CDK app owns the table there: deploy the model's index first (npx cdk deploy)");
    assertThat(indexes()).as("not created by the runner on AWS").isEmpty();
    assertThat(MessagesFixture.snapshot(target).values())
        .as("no item changed")
        .allSatisfy(i -> assertThat(i).doesNotContainKey(MessagesTable.GROUP_UUID));
  }

  private String indexes() {
    try (DynamoDbClient dynamo = target.dynamo()) {
      var table = dynamo.describeTable(b -> b.tableName(target.table())).table();
      return String.join(
          ",",
          table.globalSecondaryIndexes().stream()
              .map(i -> i.indexName() + " " + i.indexStatusAsString())
              .toList());
    }
  }
}
