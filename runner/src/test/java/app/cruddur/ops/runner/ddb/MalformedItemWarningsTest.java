package app.cruddur.ops.runner.ddb;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Warnings are a real channel: a read that meets an item the model cannot read (another writer put
 * it there) leaves it out, says so on stderr and in the json envelope, and goes on.
 */
class MalformedItemWarningsTest extends LocalSliceTest {
  static final String GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

  @Test
  void aMessageItemWithoutItsSenderIsSkippedWithAWarningAndTheConversationStillReads()
      throws Exception {
    assertThat(run("release").exitCode()).isZero();
    try (DynamoDbClient dynamo = target.dynamo()) {
      dynamo.putItem(
          b ->
              b.tableName(target.table())
                  .item(
                      Map.of(
                          "pk", AttributeValue.fromS("MSG#" + GROUP),
                          "sk", AttributeValue.fromS("2099-01-01T00:00:00.000000+00:00"),
                          "message", AttributeValue.fromS("written by hand"),
                          "message_uuid", AttributeValue.fromN("7"))));
    }

    Cli.Result table = run("ddb", "get-conversation", GROUP, "--limit", "5");
    Cli.Result json = run("ddb", "get-conversation", GROUP, "--limit", "5", "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.err())
        .contains(
            "warning: skipped item MSG#"
                + GROUP
                + " / 2099-01-01T00:00:00.000000+00:00 of "
                + target.table()
                + ": ");
    assertThat(table.out()).contains("bayko").doesNotContain("written by hand");
    assertThat(json.exitCode()).isZero();
    JsonNode doc = new ObjectMapper().readTree(json.out());
    // the skipped item takes no place: --limit 5 still shows five messages
    assertThat(doc.get("result").get("messages")).hasSize(5);
    assertThat(doc.get("warnings")).hasSize(1);
    assertThat(doc.get("warnings").get(0).get("code").asText()).isEqualTo("MALFORMED_ITEM");
    assertThat(doc.get("warnings").get(0).get("message").asText())
        .contains("has no 'message_uuid' attribute");
  }
}
