package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * What a stage takes over, read from the CDK context as {@code -c key=value} or cdk.json gives it.
 */
class ExistingResourcesTest {
  static ExistingResources read(Map<String, Object> context, String stage) {
    return ExistingResources.fromContext(context::get, stage);
  }

  @Test
  void noContextAdoptsNothing() {
    assertThat(read(Map.of(), "dev")).isEqualTo(ExistingResources.none());
    assertThat(ExistingResources.none().any()).isFalse();
  }

  @Test
  void eachKeyNamesWhatTheStageTakesOver() {
    ExistingResources existing =
        read(
            Map.of(
                "adoptTable", "cruddur-messages",
                "userPoolId", "ca-central-1_AbC123xyz",
                "restoreFromSnapshot",
                    "arn:aws:rds:ca-central-1:123456789012:snapshot:cruddur-final",
                "snapshotMasterUsername", "root"),
            "prod");

    assertThat(existing.table())
        .contains(new ExistingResources.AdoptedTable("cruddur-messages", false));
    assertThat(existing.userPoolId()).contains("ca-central-1_AbC123xyz");
    assertThat(existing.database())
        .contains(
            new ExistingResources.SnapshotRestore(
                "arn:aws:rds:ca-central-1:123456789012:snapshot:cruddur-final", "root"));
    assertThat(existing.importingTable()).isFalse();
  }

  @Test
  void tableImportSynthesizesTheTableForCdkImportAndNeedsItsName() {
    assertThat(
            read(Map.of("adoptTable", "cruddur-messages", "tableImport", "true"), "dev")
                .importingTable())
        .isTrue();
    assertThatThrownBy(() -> read(Map.of("tableImport", "true"), "dev"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-c tableImport=true imports the table named by -c adoptTable=NAME: pass both");
  }

  @Test
  void aRestoreNeedsTheSnapshotsMasterUser() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "restoreFromSnapshot", "arn:aws:rds:us-east-1:123456789012:snapshot:final"),
                    "dev"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "-c restoreFromSnapshot needs the snapshot's master user: pass -c"
                + " snapshotMasterUsername=NAME");
  }

  @Test
  void malformedValuesAreRefusedSayingWhatToPass() {
    assertThatThrownBy(() -> read(Map.of("userPoolId", "cruddur-user-pool"), "dev"))
        .hasMessageStartingWith("-c userPoolId=cruddur-user-pool is not a user pool id");
    assertThatThrownBy(() -> read(Map.of("adoptTable", "x"), "dev"))
        .hasMessageStartingWith("-c adoptTable=x is not a DynamoDB table name");
    assertThatThrownBy(
            () ->
                read(
                    Map.of("restoreFromSnapshot", "my snapshot", "snapshotMasterUsername", "root"),
                    "dev"))
        .hasMessageStartingWith("-c restoreFromSnapshot=my snapshot is not a DB snapshot");
  }

  @Test
  void cdkJsonMayGiveAValuePerStage() {
    Map<String, Object> context =
        Map.of("userPoolId", Map.of("prod", "us-east-1_Prod1234", "dev", "us-east-1_Dev12345"));

    assertThat(read(context, "prod").userPoolId()).contains("us-east-1_Prod1234");
    assertThat(read(context, "dev").userPoolId()).contains("us-east-1_Dev12345");
    assertThat(read(Map.of("userPoolId", Map.of("prod", "us-east-1_Prod1234")), "dev").userPoolId())
        .isEqualTo(Optional.empty());
  }

  @Test
  void anAppReadsPerStageObjectsAndStringsFromItsContext() {
    App app =
        new App(
            AppProps.builder()
                .context(
                    Map.of(
                        "userPoolId",
                        Map.of("prod", "us-east-1_Prod1234"),
                        "adoptTable",
                        "cruddur-messages",
                        "tableImport",
                        true))
                .build());

    ExistingResources existing =
        ExistingResources.fromContext(app.getNode()::tryGetContext, "prod");

    assertThat(existing.userPoolId()).contains("us-east-1_Prod1234");
    assertThat(existing.table())
        .contains(new ExistingResources.AdoptedTable("cruddur-messages", true));
  }

  @Test
  void thePipelineDeploysEveryStageSoItTakesPerStageValuesOnly() {
    Map<String, Object> context = new HashMap<>();
    context.put("pipeline", "true");
    context.put("userPoolId", "us-east-1_Prod1234");

    assertThatThrownBy(() -> read(context, "dev"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "-c userPoolId would apply to every stage of the pipeline. Give it per stage in"
                + " cdk.json's context: \"userPoolId\": {\"dev\": \"us-east-1_Prod1234\"}");
    context.put("userPoolId", Map.of("prod", "us-east-1_Prod1234"));
    assertThat(read(context, "prod").userPoolId()).contains("us-east-1_Prod1234");
  }
}
