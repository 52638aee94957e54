package app.cruddur.ops.runner.migration;

import app.cruddur.ops.model.KeyAttribute;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.TableDefinition;
import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import app.cruddur.ops.runner.testing.TestTarget;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A messages table on the local engine filled the way other clients leave it: the Cruddur app's
 * sort keys ({@code datetime.now().isoformat()} with no offset, a machine's {@code -05:00}, {@code
 * Z} with milliseconds) beside canonical ones, mixed-case handles, a legacy attribute, and group
 * rows an old client wrote with {@code group_uuid} instead of {@code message_group_uuid}.
 * Deterministic: the same items every run.
 */
final class MessagesFixture {
  static final Instant ANCHOR = Instant.parse("2026-11-20T09:00:00.123456Z");
  private static final DateTimeFormatter NAIVE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter MILLIS_Z =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx");

  private MessagesFixture() {}

  /**
   * The table of the model, with or without its GSI (a table from before the index was in the
   * model).
   */
  static void createTable(TestTarget target, boolean withIndex) {
    TableDefinition model = MessagesTable.definition(target.table());
    TableDefinition definition =
        withIndex
            ? model
            : new TableDefinition(
                target.table(),
                new KeyAttribute(MessagesTable.PK),
                new KeyAttribute(MessagesTable.SK),
                List.of(),
                model.streamView());
    try (DynamoDbClient dynamo = target.dynamo()) {
      dynamo.createTable(TableSchema.createRequest(definition));
      TableSchema.awaitActive(dynamo, target.table());
    }
  }

  /**
   * The sort key of the n-th item in the n-th of four forms: no offset, -05:00, Z with
   * milliseconds, canonical.
   */
  static String appSortKey(int n) {
    Instant at = ANCHOR.plusSeconds(37L * n).plus(n, ChronoUnit.MICROS);
    return switch (n % 4) {
      case 0 -> NAIVE.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
      case 1 -> OFFSET.format(at.atOffset(ZoneOffset.ofHours(-5)));
      case 2 -> MILLIS_Z.format(at.atOffset(ZoneOffset.UTC));
      default -> OFFSET.format(at.atOffset(ZoneOffset.UTC));
    };
  }

  static UUID uuid(String what, int n) {
    return UUID.nameUUIDFromBytes(
        (what + "-" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@code messages} messages over {@code groups} groups, and both group rows of each group. */
  static List<Map<String, AttributeValue>> items(
      int messages, int groups, boolean legacyGroupAttribute) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      int g = i % groups;
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      m.put("pk", s("MSG#" + uuid("group", g)));
      m.put("sk", s(appSortKey(i)));
      m.put("message_uuid", s(uuid("message", i).toString()));
      m.put("message", s("message " + i + " of group " + g));
      m.put("user_uuid", s(uuid("user", i % 2).toString()));
      m.put("user_display_name", s(i % 2 == 0 ? "Andrew Bayko" : "Yahya Abulhaj"));
      m.put("user_handle", s(i % 2 == 0 ? "Bayko" : "yaya2devops"));
      if (i % 3 == 0) {
        m.put("legacy_avatar", s("https://example.com/a/" + i + ".png"));
      }
      items.add(m);
    }
    for (int g = 0; g < groups; g++) {
      for (int side = 0; side < 2; side++) {
        Map<String, AttributeValue> row = new LinkedHashMap<>();
        row.put("pk", s("GRP#" + uuid("member", 2 * g + side)));
        row.put("sk", s(appSortKey(messages + 2 * g + side)));
        row.put(
            legacyGroupAttribute ? "group_uuid" : "message_group_uuid",
            s(uuid("group", g).toString()));
        row.put("message", s("latest of group " + g));
        row.put("user_uuid", s(uuid("member", 2 * g + 1 - side).toString()));
        row.put("user_display_name", s("Member " + (2 * g + 1 - side)));
        row.put("user_handle", s("member" + (2 * g + 1 - side)));
        items.add(row);
      }
    }
    return items;
  }

  static void write(TestTarget target, List<Map<String, AttributeValue>> items) {
    try (DynamoDbClient dynamo = target.dynamo()) {
      for (int i = 0; i < items.size(); i += 25) {
        List<WriteRequest> batch =
            items.subList(i, Math.min(items.size(), i + 25)).stream()
                .map(
                    item ->
                        WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(item).build())
                            .build())
                .toList();
        Map<String, List<WriteRequest>> pending = Map.of(target.table(), batch);
        while (!pending.isEmpty()) {
          Map<String, List<WriteRequest>> sent = pending;
          var response = dynamo.batchWriteItem(b -> b.requestItems(sent));
          pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
      }
    }
  }

  /** Every item of the table, by "pk / sk". */
  static Map<String, Map<String, AttributeValue>> snapshot(TestTarget target) {
    Map<String, Map<String, AttributeValue>> all = new TreeMap<>();
    try (DynamoDbClient dynamo = target.dynamo()) {
      for (ScanResponse page :
          dynamo.scanPaginator(b -> b.tableName(target.table()).consistentRead(true))) {
        page.items().forEach(item -> all.put(key(item), item));
      }
    }
    return all;
  }

  /** {@code items} by "pk / sk". */
  static Map<String, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items) {
    Map<String, Map<String, AttributeValue>> all = new TreeMap<>();
    items.forEach(item -> all.put(key(item), item));
    return all;
  }

  static String key(Map<String, AttributeValue> item) {
    return item.get("pk").s() + " / " + item.get("sk").s();
  }

  static AttributeValue s(String text) {
    return AttributeValue.fromS(text);
  }
}
