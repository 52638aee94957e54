package app.cruddur.ops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageItemsTest {
  static final UUID GROUP = UUID.fromString("5ae290ed-55d1-47a0-bc6d-fe2bc2700399");
  static final UserRef YAYA =
      new UserRef(
          UUID.fromString("00000000-0000-4000-8000-000000000001"), "Yahya Abulhaj", "yaya2devops");
  static final UserRef BAYKO =
      new UserRef(UUID.fromString("00000000-0000-4000-8000-000000000002"), "Andrew Bayko", "bayko");
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  static Message message(Instant at, String text) {
    return new Message(GROUP, at, UUID.nameUUIDFromBytes(text.getBytes()), text, YAYA);
  }

  @Test
  void messageItemUsesTheGroupInItsPartitionKeyAndTheTimeAsSortKey() {
    Map<String, String> item = message(T0, "hello").toAttributes();

    assertThat(item)
        .containsEntry("pk", "MSG#5ae290ed-55d1-47a0-bc6d-fe2bc2700399")
        .containsEntry("sk", "2026-11-24T10:00:00.000000+00:00")
        .containsEntry("user_handle", "yaya2devops")
        .doesNotContainKey(MessagesTable.GROUP_UUID);
  }

  @Test
  void messageRoundTripsThroughItsAttributes() {
    Message original = message(Instant.parse("2026-11-24T10:00:00.123456Z"), "hi there");
    assertThat(Message.fromAttributes(original.toAttributes())).isEqualTo(original);
  }

  @Test
  void groupRowRoundTripsAndCarriesTheGroupForTheSparseIndex() {
    MessageGroupRow row = new MessageGroupRow(YAYA.uuid(), T0, GROUP, "hello", BAYKO);
    Map<String, String> item = row.toAttributes();

    assertThat(item)
        .containsEntry("pk", "GRP#" + YAYA.uuid())
        .containsEntry(MessagesTable.GROUP_UUID, GROUP.toString());
    assertThat(MessageGroupRow.fromAttributes(item)).isEqualTo(row);
  }

  @Test
  void aGroupRowCarriesTheExactTimeOfItsMessageEvenWhenItsSortKeyHadToMoveOn() {
    MessageGroupRow row =
        new MessageGroupRow(YAYA.uuid(), T0, GROUP, "hello", BAYKO)
            .oneMicrosecondLater()
            .oneMicrosecondLater();

    assertThat(row.sk()).isEqualTo("2026-11-24T10:00:00.000002+00:00");
    assertThat(row.lastMessageAt()).isEqualTo(T0);
    assertThat(row.toAttributes())
        .containsEntry(MessagesTable.LAST_MESSAGE_AT, "2026-11-24T10:00:00.000000+00:00");
    assertThat(MessageGroupRow.fromAttributes(row.toAttributes())).isEqualTo(row);
  }

  @Test
  void aGroupRowTheAppWroteIsReadFromItsSortKeyAndKeepsItAsStored() {
    // backend-flask lib/ddb.py create_message_group: sk =
    // datetime.now(timezone.utc).astimezone().isoformat()
    Map<String, String> appRow =
        new HashMap<>(new MessageGroupRow(YAYA.uuid(), T0, GROUP, "hello", BAYKO).toAttributes());
    appRow.remove(MessagesTable.LAST_MESSAGE_AT);
    appRow.put("sk", "2026-11-24T05:00:00.000000-05:00");

    MessageGroupRow row = MessageGroupRow.fromAttributes(appRow);

    assertThat(row.lastMessageAt()).isEqualTo(T0);
    assertThat(row.sk())
        .as("the key to delete it by")
        .isEqualTo("2026-11-24T05:00:00.000000-05:00");
    assertThat(row.movedTo(message(T0.plusSeconds(1), "later")).sk())
        .isEqualTo("2026-11-24T10:00:01.000000+00:00");
  }

  @Test
  void aMessageTheAppWroteWithoutAnOffsetIsReadAsUtcAndKeepsItsSortKey() {
    // backend-flask lib/ddb.py create_message (week 5): sk = datetime.now().isoformat()
    Map<String, String> appMessage = new HashMap<>(message(T0, "hi").toAttributes());
    appMessage.put("sk", "2026-11-24T10:00:00.348274");

    Message m = Message.fromAttributes(appMessage);

    assertThat(m.createdAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.348274Z"));
    assertThat(m.sk()).isEqualTo("2026-11-24T10:00:00.348274");
    assertThat(m.oneMicrosecondLater().sk()).isEqualTo("2026-11-24T10:00:00.348275+00:00");
  }

  @Test
  void aTolerantReadKeepsTheReadableItemsAndNamesTheOthers() {
    Map<String, String> good = message(T0, "fine").toAttributes();
    Map<String, String> bad = new HashMap<>(message(T0.plusSeconds(1), "odd").toAttributes());
    bad.put("sk", "last tuesday");

    ItemsRead<Message> read = ItemsRead.of(java.util.List.of(good, bad), Message::fromAttributes);

    assertThat(read.items()).extracting(Message::text).containsExactly("fine");
    assertThat(read.unreadable())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.pk()).isEqualTo("MSG#" + GROUP);
              assertThat(u.sk()).isEqualTo("last tuesday");
              assertThat(u.describe())
                  .isEqualTo(
                      "item MSG#"
                          + GROUP
                          + " / last tuesday: message item attribute 'sk' is not a"
                          + " timestamp: 'last tuesday'");
            });
  }

  @Test
  void everyItemOfTheTableIsCheckedAgainstItsTypeByItsPartitionKey() {
    Map<String, String> row =
        new MessageGroupRow(YAYA.uuid(), T0, GROUP, "hello", BAYKO).toAttributes();
    Map<String, String> rowWithoutHandle = new HashMap<>(row);
    rowWithoutHandle.remove("user_handle");

    assertThat(MessageItems.problem(message(T0, "x").toAttributes())).isEmpty();
    assertThat(MessageItems.problem(row)).isEmpty();
    assertThat(MessageItems.problem(rowWithoutHandle))
        .contains("message group item has no 'user_handle' attribute");
    assertThat(MessageItems.problem(Map.of("pk", "USER#1", "sk", "x")))
        .hasValueSatisfying(p -> assertThat(p).contains("'USER#1'"));
  }

  @Test
  void malformedItemsAreRejectedNamingTheAttribute() {
    Map<String, String> item = new HashMap<>(message(T0, "x").toAttributes());
    item.remove("message_uuid");
    assertThatThrownBy(() -> Message.fromAttributes(item))
        .isInstanceOf(MalformedItemException.class)
        .hasMessageContaining("'message_uuid'");

    item.put("message_uuid", "not-a-uuid");
    assertThatThrownBy(() -> Message.fromAttributes(item))
        .hasMessageContaining("is not a UUID: 'not-a-uuid'");

    item.put("pk", "GRP#" + GROUP);
    assertThatThrownBy(() -> Message.fromAttributes(item))
        .hasMessageContaining("does not start with 'MSG#'");
  }

  @Test
  void keysParseBackToTheirUuidsAndIgnoreOtherPrefixes() {
    assertThat(ItemKeys.groupOfMessagePartition("MSG#" + GROUP)).contains(GROUP);
    assertThat(ItemKeys.groupOfMessagePartition("GRP#" + GROUP)).isEmpty();
    assertThat(ItemKeys.ownerOfGroupPartition("GRP#nope")).isEmpty();
    assertThat(ItemKeys.ownerOfGroupPartition("GRP#" + YAYA.uuid())).contains(YAYA.uuid());
  }

  @Test
  void itemBytesCountNamesAndUtf8Values() {
    Message m = message(T0, "é");
    int expected =
        m.toAttributes().entrySet().stream()
            .mapToInt(
                e ->
                    e.getKey().length()
                        + e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
            .sum();
    assertThat(m.itemBytes()).isEqualTo(expected);
    assertThat(Optional.of(m.itemBytes()))
        .hasValueSatisfying(b -> assertThat(b).isLessThan(MessagesTable.MAX_ITEM_BYTES));
  }
}
