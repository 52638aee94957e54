package app.cruddur.ops.runner.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.LocalSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The course-made table is what {@code bin/ddb/schema-load} makes (DescribeTable), holds what
 * {@code bin/ddb/seed} and the app write (in each sort-key form), and the app's own queries read
 * it.
 */
class CourseMessagesTableTest extends LocalSliceTest {
  static final CourseUser ANDREW =
      new CourseUser(UUID.randomUUID().toString(), "Andrew Brown", "andrewbrown");
  static final CourseUser BAYKO =
      new CourseUser(UUID.randomUUID().toString(), "Andrew Bayko", "bayko");

  @Test
  void describeTableShowsWhatSchemaLoadMakesProvisionedFiveAndFiveWithoutAStream() {
    try (DynamoDbClient dynamo = target.dynamo()) {
      CourseMessagesTable.schemaLoad(dynamo, target.table());

      TableDescription table = dynamo.describeTable(b -> b.tableName(target.table())).table();

      assertThat(table.keySchema())
          .extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
          .containsExactly("pk HASH", "sk RANGE");
      assertThat(table.attributeDefinitions())
          .extracting(a -> a.attributeName() + " " + a.attributeTypeAsString())
          .containsExactlyInAnyOrder("message_group_uuid S", "pk S", "sk S");
      assertThat(
              table.billingModeSummary() == null
                  ? BillingMode.PROVISIONED
                  : table.billingModeSummary().billingMode())
          .isEqualTo(BillingMode.PROVISIONED);
      assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
      assertThat(table.provisionedThroughput().writeCapacityUnits()).isEqualTo(5L);
      assertThat(
              table.streamSpecification() == null || !table.streamSpecification().streamEnabled())
          .as("no stream: %s", table.streamSpecification())
          .isTrue();
      assertThat(table.latestStreamArn()).isNull();
      GlobalSecondaryIndexDescription index = table.globalSecondaryIndexes().get(0);
      assertThat(table.globalSecondaryIndexes()).hasSize(1);
      assertThat(index.indexName()).isEqualTo("message-group-sk-index");
      assertThat(index.keySchema())
          .extracting(KeySchemaElement::attributeName)
          .containsExactly("message_group_uuid", "sk");
      assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
      assertThat(index.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
      assertThat(index.provisionedThroughput().writeCapacityUnits()).isEqualTo(5L);
    }
  }

  static Stream<Arguments> machines() {
    return Stream.of(
        Arguments.of(SortKeyForm.MACHINE_OFFSET, ZoneId.of("America/New_York"), "-04:00"),
        Arguments.of(SortKeyForm.MACHINE_OFFSET, ZoneId.of("Asia/Kolkata"), "+05:30"),
        Arguments.of(SortKeyForm.MACHINE_OFFSET, ZoneOffset.UTC, "+00:00"),
        Arguments.of(SortKeyForm.NONE, ZoneOffset.UTC, ""));
  }

  @ParameterizedTest(name = "{0} on a machine in {1}")
  @MethodSource("machines")
  void theSeedWritesGroupRowsAndAMessageAMinuteInTheMachinesForm(
      SortKeyForm form, ZoneId zone, String offset) {
    ZonedDateTime now = CourseDeployment.machineTime(zone);
    try (DynamoDbClient dynamo = target.dynamo()) {
      CourseMessagesTable table = CourseMessagesTable.schemaLoad(dynamo, target.table());

      table.seed(ANDREW, BAYKO, form, now);

      Map<String, Map<String, String>> items = table.items();
      assertThat(items).hasSize(2 + CourseMessagesTable.SEED_CONVERSATION.size());
      String first = now.toLocalDateTime() + offset;
      assertThat(items.get("GRP#" + ANDREW.uuid() + " " + first))
          .as("andrew's group row, keyed %s, in %s", first, items.keySet())
          .containsEntry("message_group_uuid", CourseMessagesTable.SEED_GROUP)
          .containsEntry("message", CourseMessagesTable.SEED_GROUP_MESSAGE)
          .containsEntry("user_handle", "bayko")
          .containsEntry("user_display_name", "Andrew Bayko")
          .containsEntry("user_uuid", BAYKO.uuid());
      assertThat(items.get("GRP#" + BAYKO.uuid() + " " + first))
          .containsEntry("user_handle", "andrewbrown");
      String second = now.plusMinutes(1).toLocalDateTime() + offset;
      assertThat(items.get("MSG#" + CourseMessagesTable.SEED_GROUP + " " + second))
          .containsEntry("message", "It did, just after nine.")
          .containsEntry("user_handle", "bayko")
          .containsKeys("message_uuid", "user_uuid", "user_display_name");
      assertThat(items.keySet())
          .allMatch(
              key ->
                  key.matches(
                      ".* \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.123456"
                          + java.util.regex.Pattern.quote(offset)));
    }
  }

  @Test
  void theAppsQueriesReadWhatTheSeedAndTheAppWrote() {
    ZonedDateTime now = CourseDeployment.machineTime(ZoneId.of("America/New_York"));
    try (DynamoDbClient dynamo = target.dynamo()) {
      CourseMessagesTable table = CourseMessagesTable.schemaLoad(dynamo, target.table());
      table.seed(ANDREW, BAYKO, SortKeyForm.MACHINE_OFFSET, now);
      table.appCreateMessage(
          CourseMessagesTable.SEED_GROUP,
          "One more thing.",
          BAYKO,
          SortKeyForm.NONE,
          now.plusHours(2));
      String group = table.appCreateMessageGroup("Hi there", BAYKO, ANDREW, now.plusHours(3));

      JsonNode groups = AppCalls.run(target.table(), "list-message-groups", ANDREW.uuid());
      JsonNode messages =
          AppCalls.run(target.table(), "list-messages", CourseMessagesTable.SEED_GROUP);
      JsonNode started = AppCalls.run(target.table(), "list-messages", group);

      assertThat(groups)
          .extracting(g -> g.get("uuid").asText())
          .containsExactly(group, CourseMessagesTable.SEED_GROUP);
      assertThat(groups.get(1).get("handle").asText()).isEqualTo("bayko");
      // the app's one page: the 20 newest, oldest first
      assertThat(messages).hasSize(20);
      assertThat(messages.get(19).get("message").asText()).isEqualTo("One more thing.");
      assertThat(messages.get(18).get("message").asText()).isEqualTo("Deal.");
      assertThat(started).extracting(m -> m.get("message").asText()).containsExactly("Hi there");
    }
  }
}
