package app.cruddur.ops.runner.ddb;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.IsoTimestamps;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.internal.dynamo.ConversationReads;
import app.cruddur.ops.runner.internal.dynamo.MessageWrites;
import app.cruddur.ops.runner.testing.Eventually;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Patterns C and D when their keys are taken: new conversations of one user and messages of one
 * group, all in the same microsecond, on the real local engine (written one after the other: moto
 * does not isolate concurrent transactions; DynamoDB's conditions decide the same way when they
 * race). Sort keys stay plain timestamps, unique in their partition, and nothing is lost.
 */
class UniqueSortKeysTest extends LocalSliceTest {
  @Test
  void newConversationsOfOneUserInTheSameMicrosecondGetOneRowEach() {
    assertThat(run("release").exitCode()).isZero();
    UserRef yaya = user("yaya2devops");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<UUID> groups = new ArrayList<>();
    try (DynamoDbClient dynamo = target.dynamo()) {
      for (int i = 0; i < 6; i++) {
        UserRef friend = new UserRef(UUID.randomUUID(), "Friend " + i, "friend" + i);
        UUID group = UUID.randomUUID();
        MessageWrites.startConversation(
            dynamo,
            target.table(),
            AccessPatterns.newConversation(
                group, new Message(group, now, UUID.randomUUID(), "hi " + i, yaya), friend));
        groups.add(group);
      }

      List<MessageGroupRow> rows =
          ConversationReads.groupsOf(dynamo, target.table(), yaya.uuid()).items();

      assertThat(rows)
          .extracting(MessageGroupRow::groupUuid)
          .containsAll(groups)
          .doesNotHaveDuplicates();
      List<MessageGroupRow> burst =
          rows.stream().filter(r -> groups.contains(r.groupUuid())).toList();
      assertThat(burst)
          .extracting(MessageGroupRow::sk)
          .doesNotHaveDuplicates()
          .allSatisfy(sk -> assertThat(IsoTimestamps.isCanonical(sk)).isTrue());
      assertThat(burst).allSatisfy(r -> assertThat(r.lastMessageAt()).isEqualTo(now));
      assertThat(burst)
          .extracting(r -> IsoTimestamps.parse(r.sk()))
          .allSatisfy(t -> assertThat(t).isBetween(now, now.plus(5, ChronoUnit.MICROS)));
    }
  }

  @Test
  void messagesOfOneGroupInTheSameMicrosecondAreAllKeptAndTheRowsMoveToTheLast() {
    assertThat(run("release").exitCode()).isZero();
    UserRef yaya = user("yaya2devops");
    UUID group = UUID.fromString("5ae290ed-55d1-47a0-bc6d-fe2bc2700399");
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    try (DynamoDbClient dynamo = target.dynamo()) {
      List<Message> written = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        written.add(
            MessageWrites.putMessage(
                dynamo,
                target.table(),
                new Message(group, now, UUID.randomUUID(), "burst " + i, yaya)));
      }

      assertThat(written).extracting(Message::sk).doesNotHaveDuplicates();
      assertThat(
              ConversationReads.conversation(
                      dynamo,
                      target.table(),
                      group,
                      3,
                      java.util.Optional.empty(),
                      java.util.Optional.empty())
                  .items())
          .extracting(Message::text)
          .containsExactly("burst 2", "burst 1", "burst 0");
      // pattern E (the local poller) then moves both rows to the last of them
      Eventually.until(
          () -> ConversationReads.rowsOfGroup(dynamo, target.table(), group).items(),
          rows ->
              rows.size() == 2 && rows.stream().allMatch(r -> r.lastMessage().equals("burst 2")));
    }
  }

  UserRef user(String handle) {
    return new UserRef(
        UUID.fromString(target.queryOne("SELECT uuid FROM users WHERE handle = '" + handle + "'")),
        target.queryOne("SELECT display_name FROM users WHERE handle = '" + handle + "'"),
        handle);
  }
}
