package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.model.IndexDefinition;
import app.cruddur.ops.model.KeyAttribute;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * At most one GSI created or deleted per deployment, against the committed baseline of deployed
 * indexes: CloudFormation rejects more half-way, so synth refuses first.
 */
class IndexChangeGuardTest {
  static final IndexDefinition BY_HANDLE =
      new IndexDefinition(
          "user-handle-index", new KeyAttribute("user_handle"), new KeyAttribute("sk"));
  static final IndexDefinition BY_MESSAGE =
      new IndexDefinition(
          "message-uuid-index", new KeyAttribute("message_uuid"), new KeyAttribute("sk"));

  static TableDefinition modelWith(IndexDefinition... extra) {
    TableDefinition model = MessagesTable.definition();
    List<IndexDefinition> indexes = new ArrayList<>(model.globalIndexes());
    indexes.addAll(List.of(extra));
    return new TableDefinition(
        model.tableName(), model.partitionKey(), model.sortKey(), indexes, model.streamView());
  }

  @Test
  void theCommittedBaselineIsTheModelAsItIsToday() {
    assertThat(
            IndexChangeGuard.check(
                MessagesTable.definition(), IndexChangeGuard.Baseline.committed()))
        .isEmpty();
  }

  @Test
  void oneNewIndexPassesWithANoteToRecordItOnceDeployed() {
    assertThat(IndexChangeGuard.check(modelWith(BY_HANDLE), IndexChangeGuard.Baseline.committed()))
        .hasValueSatisfying(
            note ->
                assertThat(note)
                    .startsWith("this deployment creates GSI user-handle-index on cruddur-messages")
                    .contains("record it in " + IndexChangeGuard.RESOURCE));
  }

  @Test
  void twoNewIndexesOrOneNewAndOneGoneAreRefused() {
    assertThatThrownBy(
            () ->
                IndexChangeGuard.check(
                    modelWith(BY_HANDLE, BY_MESSAGE), IndexChangeGuard.Baseline.committed()))
        .hasMessageStartingWith(
            "the model creates user-handle-index and creates message-uuid-index on"
                + " cruddur-messages")
        .hasMessageContaining("CloudFormation creates or deletes one GSI per stack update");
    TableDefinition swapped =
        new TableDefinition(
            "cruddur-messages",
            MessagesTable.definition().partitionKey(),
            MessagesTable.definition().sortKey(),
            List.of(BY_HANDLE),
            "NEW_IMAGE");
    assertThatThrownBy(() -> IndexChangeGuard.check(swapped, IndexChangeGuard.Baseline.committed()))
        .hasMessageStartingWith(
            "the model creates user-handle-index and deletes message-group-sk-index");
  }

  @Test
  void newKeysForAnExistingIndexAreRefused() {
    IndexChangeGuard.Baseline deployed =
        IndexChangeGuard.Baseline.parse("message-group-sk-index message_group_uuid created_at\n");
    assertThatThrownBy(() -> IndexChangeGuard.check(MessagesTable.definition(), deployed))
        .hasMessageStartingWith(
            "the model changes the keys of GSI message-group-sk-index (message_group_uuid,"
                + " created_at → message_group_uuid, sk)");
  }

  @Test
  void aMalformedBaselineNamesItsLine() {
    assertThatThrownBy(
            () -> IndexChangeGuard.Baseline.parse("# comment\nmessage-group-sk-index sk\n"))
        .hasMessage(
            IndexChangeGuard.RESOURCE
                + " line 2: expected 'name partition-key sort-key', not 'message-group-sk-index"
                + " sk'");
  }

  @Test
  void theDataStackRefusesAtSynthAndWarnsOfTheOneChangeItAllows() {
    App app = new App();
    assertThatThrownBy(
            () ->
                new DataStack(
                    app,
                    "two-indexes",
                    StackProps.builder().build(),
                    StageConfig.dev(),
                    modelWith(BY_HANDLE, BY_MESSAGE),
                    Synthesized.functionsJar()))
        .hasMessageContaining("CloudFormation creates or deletes one GSI per stack update");
    DataStack one =
        new DataStack(
            app,
            "one-index",
            StackProps.builder().build(),
            StageConfig.dev(),
            modelWith(BY_HANDLE),
            Synthesized.functionsJar());
    Annotations.fromStack(one)
        .hasWarning("*", Match.stringLikeRegexp("this deployment creates GSI user-handle-index.*"));
  }
}
