package app.cruddur.ops.runner.app;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Readers on a table that holds items they cannot read, and items in sort-key forms other than
 * ours: every command shows what it can, warns about the rest on stderr (and in its json), exits 0,
 * and orders by instant.
 */
class UnreadableItemsTest extends LocalSliceTest {
  static final String GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";
  static final ObjectMapper JSON = new ObjectMapper();

  String yaya;

  @BeforeEach
  void releasedWithOddItems() {
    Cli.Result release = run("release");
    assertThat(release.exitCode()).as(release.toString()).isZero();
    yaya = target.queryOne("SELECT uuid FROM users WHERE handle = 'yaya2devops'");
    // a message whose sort key is no time, a group row without its text, something that is neither
    put(
        Map.of(
            "pk",
            "MSG#" + GROUP,
            "sk",
            "not-a-time",
            "message",
            "?",
            "message_uuid",
            "9c1e6a3e-1111-4a2b-9c3d-000000000001",
            "user_uuid",
            yaya,
            "user_display_name",
            "Yahya Abulhaj",
            "user_handle",
            "yaya2devops"));
    put(
        Map.of(
            "pk",
            "GRP#" + yaya,
            "sk",
            "2026-01-01T00:00:00.000000+00:00",
            "message_group_uuid",
            "0b8f5f0e-2222-4c1d-8e7f-000000000002",
            "user_uuid",
            yaya,
            "user_display_name",
            "Nobody",
            "user_handle",
            "nobody"));
    put(Map.of("pk", "USER#" + yaya, "sk", "profile"));
  }

  void put(Map<String, String> item) {
    try (DynamoDbClient dynamo = target.dynamo()) {
      dynamo.putItem(
          b ->
              b.tableName(target.table())
                  .item(
                      item.entrySet().stream()
                          .collect(
                              Collectors.toMap(
                                  Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue())))));
    }
  }

  @Test
  void getConversationShowsTheReadableMessagesAndWarnsAboutTheOther() throws Exception {
    Cli.Result table = run("ddb", "get-conversation", GROUP);
    Cli.Result json = run("ddb", "get-conversation", GROUP, "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines()).hasSize(1 + 20);
    String warning =
        "skipped item MSG#"
            + GROUP
            + " / not-a-time of "
            + target.table()
            + ": message item attribute 'sk' is not a timestamp: 'not-a-time'";
    assertThat(table.err()).contains("warning: " + warning);
    assertThat(json.exitCode()).isZero();
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("result").get("messages")).hasSize(20);
    assertThat(doc.get("warnings"))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.get("code").asText()).isEqualTo("MALFORMED_ITEM");
              assertThat(w.get("message").asText()).startsWith(warning);
            });
    assertThat(json.err()).contains("warning: " + warning);
  }

  @Test
  void listConversationsShowsTheReadableGroupsAndWarnsAboutTheOther() throws Exception {
    Cli.Result table = run("ddb", "list-conversations", "yaya2devops");
    Cli.Result json = run("ddb", "list-conversations", "yaya2devops", "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("bayko", GROUP);
    assertThat(table.err())
        .contains(
            "warning: skipped item GRP#"
                + yaya
                + " / 2026-01-01T00:00:00.000000+00:00 of "
                + target.table()
                + ": message group item has no 'message' attribute");
    JsonNode doc = JSON.readTree(json.out());
    assertThat(json.exitCode()).isZero();
    assertThat(doc.get("result").get("groups")).hasSize(1);
    assertThat(doc.get("warnings")).hasSize(1);
  }

  @Test
  void scanShowsEveryItemAndWarnsAboutEachTheModelCannotRead() throws Exception {
    Cli.Result table = run("ddb", "scan", target.table());
    Cli.Result json = run("ddb", "scan", target.table(), "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines()).hasSize(24 + 2 + 3);
    assertThat(table.out()).contains("not-a-time", "USER#" + yaya);
    assertThat(table.err().lines().filter(l -> l.startsWith("warning: "))).hasSize(3);
    assertThat(table.err()).contains("'USER#" + yaya + "' is neither a message");
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("result").get("count").asInt()).isEqualTo(29);
    assertThat(doc.get("warnings")).hasSize(3);
    assertThat(doc.get("warnings").findValuesAsText("code")).containsOnly("MALFORMED_ITEM");
  }

  @Test
  void messagesInEveryFormAreOrderedByTheirInstantNotTheirString() throws Exception {
    // the dev conversation ends at the release; the app then writes two messages, the later one
    // from a machine at UTC-5
    JsonNode before =
        JSON.readTree(run("ddb", "get-conversation", GROUP, "--limit", "1", "-o", "json").out())
            .get("result");
    java.time.Instant last =
        java.time.Instant.parse(before.get("messages").get(0).get("createdAt").asText());
    java.time.Instant inUtc = last.plusSeconds(60);
    java.time.Instant behind = last.plusSeconds(120);
    put(appMessage(inUtc.toString().replace("Z", ""), "naive, UTC"));
    put(
        appMessage(
            behind.atOffset(java.time.ZoneOffset.ofHours(-5)).toLocalDateTime() + "-05:00",
            "five hours behind"));

    JsonNode doc =
        JSON.readTree(run("ddb", "get-conversation", GROUP, "--limit", "3", "-o", "json").out())
            .get("result");
    JsonNode window =
        JSON.readTree(
                run("ddb", "get-conversation", GROUP, "--since", behind.toString(), "-o", "json")
                    .out())
            .get("result");

    assertThat(doc.get("messages").findValuesAsText("text"))
        .containsExactly("five hours behind", "naive, UTC", "Deal. I'll bring the snacks.");
    assertThat(doc.get("messages").get(0).get("sk").asText()).endsWith("-05:00");
    assertThat(window.get("messages").findValuesAsText("text"))
        .containsExactly("five hours behind");
  }

  private Map<String, String> appMessage(String sk, String text) {
    Map<String, String> item = new LinkedHashMap<>();
    item.put("pk", "MSG#" + GROUP);
    item.put("sk", sk);
    item.put("message", text);
    item.put("message_uuid", java.util.UUID.randomUUID().toString());
    item.put("user_uuid", yaya);
    item.put("user_display_name", "Yahya Abulhaj");
    item.put("user_handle", "yaya2devops");
    return item;
  }
}
