package app.cruddur.ops.runner.adopt;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The messages table made and filled the way the course's scripts and the app do, with the same
 * calls: {@code bin/db/schema-load}'s CreateTable ({@link #schemaLoad}), {@code bin/ddb/seed}'s
 * PutItems ({@link #seed}), and {@code lib/ddb.py}'s {@code create_message} (PutItem) and {@code
 * create_message_group} (one BatchWriteItem). Modelled on ExamProCo/aws-bootcamp-cruddur-2023
 * {@code backend-flask/bin/ddb/schema-load} at 378675d3, {@code bin/ddb/seed} and {@code
 * lib/ddb.py} at 1b478f6d. The course's names are written out here, not taken from our model, so a
 * change of the model cannot change what the course made.
 */
public final class CourseMessagesTable {
  /** The course's GSI. */
  public static final String GROUP_INDEX = "message-group-sk-index";

  /** The message group {@code bin/ddb/seed} writes. */
  public static final String SEED_GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

  /** What {@code bin/ddb/seed} puts in both group rows. */
  public static final String SEED_GROUP_MESSAGE = "this is a filler message";

  /**
   * The seed's conversation, {@code Person 1} being the first user and {@code Person 2} the other,
   * one message a minute (our own lines; the course's are a long talk about a TV series).
   */
  public static final List<String> SEED_CONVERSATION =
      List.of(
          "Person 1: Did the deploy go out last night?",
          "Person 2: It did, just after nine.",
          "Person 1: Any trouble with the messages table?",
          "Person 2: None. The stream Lambda kept up.",
          "Person 1: Good. I want to move the table into the CDK app next.",
          "Person 2: Without recreating it, I hope.",
          "Person 1: An import. CloudFormation adopts it as it is.",
          "Person 2: And the stream? schema-load never turned it on.",
          "Person 1: The deploy after the import does.",
          "Person 2: What about the user pool we clicked together?",
          "Person 1: We keep it. The stack refers to it by id.",
          "Person 2: So nobody has to reset a password.",
          "Person 1: Exactly. Passwords cannot be exported anyway.",
          "Person 2: And the database?",
          "Person 1: Restored from a snapshot into the new VPC.",
          "Person 2: With the rows and their uuids?",
          "Person 1: Every one of them.",
          "Person 2: Then the release runs the changesets on top?",
          "Person 1: After a baseline, so it knows what is there.",
          "Person 2: Sounds like a plan.",
          "Person 1: Coffee first.",
          "Person 2: Coffee first. Then the plan.",
          "Person 1: I'll write the runbook while it brews.",
          "Person 2: Deal.");

  private final DynamoDbClient dynamo;
  private final String tableName;

  private CourseMessagesTable(DynamoDbClient dynamo, String tableName) {
    this.dynamo = dynamo;
    this.tableName = tableName;
  }

  /**
   * {@code bin/ddb/schema-load}: pk/sk, the GSI on {@code message_group_uuid}/sk projecting all,
   * PROVISIONED 5/5 on the table and the index, no stream. The script does not wait; this does,
   * until the table is ACTIVE.
   */
  public static CourseMessagesTable schemaLoad(DynamoDbClient dynamo, String tableName) {
    ProvisionedThroughput fives =
        ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build();
    dynamo.createTable(
        b ->
            b.tableName(tableName)
                .attributeDefinitions(string("message_group_uuid"), string("pk"), string("sk"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(fives)
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName(GROUP_INDEX)
                        .keySchema(
                            key("message_group_uuid", KeyType.HASH), key("sk", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .provisionedThroughput(fives)
                        .build()));
    dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    return new CourseMessagesTable(dynamo, tableName);
  }

  /** A table of that name that exists already. */
  public static CourseMessagesTable existing(DynamoDbClient dynamo, String tableName) {
    return new CourseMessagesTable(dynamo, tableName);
  }

  /** Its name. */
  public String name() {
    return tableName;
  }

  /**
   * {@code bin/ddb/seed}: a group row for each of the two users (sort key {@code now}), then {@link
   * #SEED_CONVERSATION} one PutItem a line, the i-th line at {@code now} + i minutes, every key in
   * {@code form}. {@code now} is the machine's clock in its zone ({@code datetime.now(timezone.utc)
   * .astimezone()}). The message uuids are random, as the script's are.
   */
  public void seed(CourseUser me, CourseUser other, SortKeyForm form, ZonedDateTime now) {
    putGroupRow(SEED_GROUP, me, other, form.format(now), SEED_GROUP_MESSAGE);
    putGroupRow(SEED_GROUP, other, me, form.format(now), SEED_GROUP_MESSAGE);
    for (int i = 0; i < SEED_CONVERSATION.size(); i++) {
      String line = SEED_CONVERSATION.get(i);
      CourseUser sender = line.startsWith("Person 1: ") ? me : other;
      Map<String, AttributeValue> item =
          message(
              SEED_GROUP,
              form.format(now.plusMinutes(i)),
              line.substring("Person 1: ".length()),
              sender);
      dynamo.putItem(b -> b.tableName(tableName).item(item));
    }
  }

  /**
   * {@code lib/ddb.py create_message}: one PutItem of a message in an existing group, its sort key
   * the sender's machine clock in {@code form}. Returns the sort key.
   */
  public String appCreateMessage(
      String groupUuid, String text, CourseUser sender, SortKeyForm form, ZonedDateTime now) {
    String createdAt = form.format(now);
    dynamo.putItem(b -> b.tableName(tableName).item(message(groupUuid, createdAt, text, sender)));
    return createdAt;
  }

  /**
   * {@code lib/ddb.py create_message_group}: one BatchWriteItem of both members' group rows and the
   * first message, all with the same sort key (the offset form). Returns the new group's uuid.
   */
  public String appCreateMessageGroup(
      String text, CourseUser me, CourseUser other, ZonedDateTime now) {
    String groupUuid = UUID.randomUUID().toString();
    String at = SortKeyForm.MACHINE_OFFSET.format(now);
    List<WriteRequest> puts = new ArrayList<>();
    for (Map<String, AttributeValue> item :
        List.of(
            groupRow(groupUuid, me, other, at, text),
            groupRow(groupUuid, other, me, at, text),
            message(groupUuid, at, text, me))) {
      puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    dynamo.batchWriteItem(b -> b.requestItems(Map.of(tableName, puts)));
    return groupUuid;
  }

  /**
   * Every item, each as its string attributes, by {@code pk sk} (a Scan, every page): compare it
   * before and after a command to see that nothing was lost.
   */
  public Map<String, Map<String, String>> items() {
    Map<String, Map<String, String>> items = new TreeMap<>();
    dynamo
        .scanPaginator(b -> b.tableName(tableName))
        .items()
        .forEach(
            item -> {
              Map<String, String> strings = new TreeMap<>();
              item.forEach((name, value) -> strings.put(name, value.s()));
              items.put(strings.get("pk") + " " + strings.get("sk"), strings);
            });
    return items;
  }

  private void putGroupRow(
      String groupUuid, CourseUser owner, CourseUser other, String lastMessageAt, String text) {
    dynamo.putItem(
        b -> b.tableName(tableName).item(groupRow(groupUuid, owner, other, lastMessageAt, text)));
  }

  private static Map<String, AttributeValue> groupRow(
      String groupUuid, CourseUser owner, CourseUser other, String lastMessageAt, String text) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", s("GRP#" + owner.uuid()));
    item.put("sk", s(lastMessageAt));
    item.put("message_group_uuid", s(groupUuid));
    item.put("message", s(text));
    item.put("user_uuid", s(other.uuid()));
    item.put("user_display_name", s(other.displayName()));
    item.put("user_handle", s(other.handle()));
    return item;
  }

  private static Map<String, AttributeValue> message(
      String groupUuid, String createdAt, String text, CourseUser sender) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", s("MSG#" + groupUuid));
    item.put("sk", s(createdAt));
    item.put("message_uuid", s(UUID.randomUUID().toString()));
    item.put("message", s(text));
    item.put("user_uuid", s(sender.uuid()));
    item.put("user_display_name", s(sender.displayName()));
    item.put("user_handle", s(sender.handle()));
    return item;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
