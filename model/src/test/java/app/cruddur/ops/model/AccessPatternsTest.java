package app.cruddur.ops.model;

import static app.cruddur.ops.model.MessageItemsTest.BAYKO;
import static app.cruddur.ops.model.MessageItemsTest.GROUP;
import static app.cruddur.ops.model.MessageItemsTest.T0;
import static app.cruddur.ops.model.MessageItemsTest.YAYA;
import static app.cruddur.ops.model.MessageItemsTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessPatternsTest {

  @Test
  void conversationQueryIsNewestFirstOnTheMessagePartition() {
    KeyQuery q = AccessPatterns.conversation(GROUP, Optional.empty(), Optional.empty());
    assertThat(q.indexName()).isEmpty();
    assertThat(q.keyCondition()).isEqualTo("pk = :pk");
    assertThat(q.values()).containsExactlyEntriesOf(java.util.Map.of(":pk", "MSG#" + GROUP));
    assertThat(q.newestFirst()).isTrue();
  }

  @Test
  void conversationWindowBoundsTheSortKeyWidenedByEveryOffsetAClientMayHaveWritten() {
    Instant since = T0;
    Instant until = T0.plusSeconds(3600);
    assertThat(
            AccessPatterns.conversation(GROUP, Optional.of(since), Optional.of(until))
                .keyCondition())
        .isEqualTo("pk = :pk AND sk BETWEEN :since AND :until");
    // 10:00Z written at -12:00 is 22:00 the day before; 11:00Z at +14:00 is 01:00 the day after
    assertThat(AccessPatterns.conversation(GROUP, Optional.of(since), Optional.of(until)).values())
        .containsEntry(":since", "2026-11-23T21:59:59.000000+00:00")
        .containsEntry(":until", "2026-11-25T01:00:01.000000+00:00");
    assertThat(AccessPatterns.within(T0, Optional.of(since), Optional.of(until))).isTrue();
    assertThat(AccessPatterns.within(T0.minusNanos(1000), Optional.of(since), Optional.of(until)))
        .isFalse();
    assertThat(AccessPatterns.within(until.plusNanos(1000), Optional.of(since), Optional.empty()))
        .isTrue();
    assertThat(
            AccessPatterns.conversation(GROUP, Optional.empty(), Optional.of(until)).keyCondition())
        .isEqualTo("pk = :pk AND sk <= :until");
  }

  @Test
  void groupRowsOfAGroupAreFoundThroughTheSparseIndex() {
    KeyQuery q = AccessPatterns.groupRowsOfGroup(GROUP);
    assertThat(q.indexName()).contains(MessagesTable.GROUP_INDEX);
    assertThat(q.keyCondition()).isEqualTo("message_group_uuid = :group");
    assertThat(AccessPatterns.groupsOfUser(YAYA.uuid()).values())
        .containsEntry(":pk", "GRP#" + YAYA.uuid());
  }

  @Test
  void newConversationGivesEachMemberARowNamingTheOther() {
    Message first = message(T0, "hi bayko");
    AccessPatterns.NewConversation d = AccessPatterns.newConversation(GROUP, first, BAYKO);

    assertThat(d.senderRow().ownerUuid()).isEqualTo(YAYA.uuid());
    assertThat(d.senderRow().other()).isEqualTo(BAYKO);
    assertThat(d.recipientRow().ownerUuid()).isEqualTo(BAYKO.uuid());
    assertThat(d.recipientRow().other()).isEqualTo(YAYA);
    assertThat(d.senderRow().sk()).isEqualTo(first.sk()).isEqualTo(d.recipientRow().sk());
    assertThatThrownBy(() -> AccessPatterns.newConversation(UUID.randomUUID(), first, BAYKO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGroupRowMovesOnlyToANewerMessage() {
    MessageGroupRow row = new MessageGroupRow(BAYKO.uuid(), T0, GROUP, "old", YAYA);

    assertThat(AccessPatterns.groupRowAfter(row, message(T0.plusSeconds(60), "newer")))
        .hasValueSatisfying(
            moved -> {
              assertThat(moved.lastMessage()).isEqualTo("newer");
              assertThat(moved.lastMessageAt()).isEqualTo(T0.plusSeconds(60));
              assertThat(moved.other()).isEqualTo(YAYA);
            });
    assertThat(AccessPatterns.groupRowAfter(row, message(T0, "same time: a replay"))).isEmpty();
    assertThat(AccessPatterns.groupRowAfter(row, message(T0.minusSeconds(60), "older"))).isEmpty();
  }

  @Test
  void tableDefinitionListsEveryKeyAttributeOnce() {
    TableDefinition t = MessagesTable.definition();
    assertThat(t.keyAttributes())
        .extracting(KeyAttribute::name)
        .containsExactly("pk", "sk", "message_group_uuid");
    assertThat(t.index(MessagesTable.GROUP_INDEX)).isPresent();
    assertThat(t.streamView()).isEqualTo("NEW_IMAGE");
    assertThat(MessagesTable.definition("other").tableName()).isEqualTo("other");
  }
}
