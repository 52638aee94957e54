package app.cruddur.ops.functions;

import static app.cruddur.ops.functions.testing.Conversations.BAYKO;
import static app.cruddur.ops.functions.testing.Conversations.T0;
import static app.cruddur.ops.functions.testing.Conversations.YAYA;
import static app.cruddur.ops.functions.testing.Conversations.groupRowsOf;
import static app.cruddur.ops.functions.testing.Conversations.startConversation;
import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.functions.testing.MessagesTables;
import app.cruddur.ops.functions.testing.OnMoto;
import app.cruddur.ops.functions.testing.SerializedWrites;
import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.IsoTimestamps;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.UserRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Pattern E on items the Cruddur app wrote (backend-flask lib/ddb.py): its sort keys in every form
 * it writes them, its group rows without our extra attribute, its non-atomic group creation; and
 * group rows that stay unique when several conversations of one user move in the same microsecond.
 */
class AppWrittenItemsTest extends OnMoto {

  private String table;
  private MessageStreamProcessor processor;

  @BeforeEach
  void newTable() {
    table = MessagesTables.create(dynamo);
    processor =
        new MessageStreamProcessor(new GroupRowMover(dynamo, MoverSettings.forTable(table)));
  }

  @Test
  void messagesTheAppWroteWithoutAnOffsetWithZAndWithItsMachinesOffsetMoveBothRowsByInstant() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    // Ddb.create_message: week 5 wrote datetime.now().isoformat(), later versions an offset
    BatchOutcome naive =
        processor.process(List.of(appMessage("1", group, "2026-11-24T10:01:00.348274", "naive")));
    assertBothRows(group, Instant.parse("2026-11-24T10:01:00.348274Z"), "naive");

    processor.process(List.of(appMessage("2", group, "2026-11-24T10:02:00.5Z", "zulu")));
    assertBothRows(group, Instant.parse("2026-11-24T10:02:00.5Z"), "zulu");

    // 05:03 at UTC-5 is 10:03 UTC: later than the rows, though its string sorts before theirs
    BatchOutcome behind =
        processor.process(
            List.of(appMessage("3", group, "2026-11-24T05:03:00.000001-05:00", "behind")));
    assertBothRows(group, Instant.parse("2026-11-24T10:03:00.000001Z"), "behind");

    assertThat(naive.rowsMoved()).isEqualTo(2);
    assertThat(behind.rowsMoved()).isEqualTo(2);
    // and an older one in yet another form changes nothing
    BatchOutcome stale =
        processor.process(List.of(appMessage("4", group, "2026-11-24T11:02:30+01:00", "stale")));
    assertThat(stale.rowsMoved()).isZero();
    assertBothRows(group, Instant.parse("2026-11-24T10:03:00.000001Z"), "behind");
  }

  @Test
  void groupRowsTheAppWroteAreMovedFromTheKeyTheyAreStoredAt() {
    // Ddb.create_message_group: three puts in one batch_write_item, sk =
    // now(timezone.utc).astimezone().isoformat()
    UUID group = UUID.randomUUID();
    String sk = "2026-11-24T05:00:00.000000-05:00";
    MessagesTables.put(dynamo, table, appGroupRow(YAYA, BAYKO, group, sk, "hi bayko"));
    MessagesTables.put(dynamo, table, appGroupRow(BAYKO, YAYA, group, sk, "hi bayko"));

    processor.process(List.of(appMessage("1", group, "2026-11-24T10:00:30.000000", "reply")));

    assertBothRows(group, Instant.parse("2026-11-24T10:00:30Z"), "reply");
  }

  @Test
  void aSecondRowOfTheSameGroupAtTheNewKeyIsMergedInsteadOfKeptTwice() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    Message reply = new Message(group, T0.plusSeconds(60), UUID.randomUUID(), "reply", YAYA);
    // what the course's stream Lambda leaves when two of its invocations race: bayko has the group
    // twice
    MessagesTables.put(
        dynamo,
        table,
        new MessageGroupRow(BAYKO.uuid(), T0, group, "hi bayko", YAYA)
            .movedTo(reply)
            .toAttributes());
    MessagesTables.put(dynamo, table, reply.toAttributes());

    BatchOutcome outcome = processor.process(List.of(StreamChange.insertOf("1", reply)));

    assertThat(outcome.outcomes().get(0).moves())
        .extracting(GroupRowMove::result)
        .contains(GroupRowMove.Result.DUPLICATE_REMOVED);
    assertBothRows(group, reply.createdAt(), "reply");
  }

  @Test
  void aGroupRowThatCannotBeReadIsLeftAloneAndReportedWhileTheOtherMoves() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    Map<String, String> broken =
        new LinkedHashMap<>(groupRowsOf(dynamo, table, BAYKO).get(0).toAttributes());
    broken.remove(MessagesTable.USER_HANDLE);
    MessagesTables.put(dynamo, table, broken);
    Message reply = new Message(group, T0.plusSeconds(60), UUID.randomUUID(), "reply", YAYA);
    MessagesTables.put(dynamo, table, reply.toAttributes());

    BatchOutcome outcome = processor.process(List.of(StreamChange.insertOf("1", reply)));

    assertThat(outcome.outcomes().get(0).status()).isEqualTo(ChangeOutcome.Status.APPLIED);
    assertThat(outcome.unreadable())
        .singleElement()
        .satisfies(
            u ->
                assertThat(u.describe())
                    .contains("GRP#" + BAYKO.uuid(), "no 'user_handle' attribute"));
    assertThat(outcome.summary())
        .endsWith("group rows moved=1, unreadable group rows left alone=1");
    assertThat(groupRowsOf(dynamo, table, YAYA))
        .singleElement()
        .satisfies(row -> assertThat(row.lastMessage()).isEqualTo("reply"));
  }

  @Test
  void manyConversationsOfOneUserGettingMessagesInTheSameMicrosecondKeepOneRowEach() {
    Burst burst = burstOfOneUser(8);

    BatchOutcome outcome = processor.process(burst.records());

    assertThat(outcome.firstFailure()).isEmpty();
    burst.assertRowsUniqueAndCurrent();
  }

  @Test
  void soDoTheyWhenTheirMessagesAreProcessedConcurrently() throws Exception {
    Burst burst = burstOfOneUser(8);
    DynamoDbClient isolated = new SerializedWrites(dynamo);

    // one processor per record, all at once: as concurrent Lambda invocations on several shards
    ExecutorService pool = Executors.newFixedThreadPool(burst.records().size());
    List<Future<BatchOutcome>> outcomes = new ArrayList<>();
    for (StreamChange record : burst.records()) {
      MessageStreamProcessor own =
          new MessageStreamProcessor(new GroupRowMover(isolated, MoverSettings.forTable(table)));
      outcomes.add(pool.submit((Callable<BatchOutcome>) () -> own.process(List.of(record))));
    }
    for (Future<BatchOutcome> f : outcomes) {
      assertThat(f.get().firstFailure()).isEmpty();
    }
    pool.shutdown();

    burst.assertRowsUniqueAndCurrent();
  }

  /**
   * {@code groups} conversations of yaya, one with each of as many friends, then a message in each
   * at one microsecond.
   */
  private Burst burstOfOneUser(int groups) {
    List<UUID> groupIds = new ArrayList<>();
    List<UserRef> others = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      UserRef other = new UserRef(UUID.randomUUID(), "Friend " + i, "friend" + i);
      UUID group = UUID.randomUUID();
      AccessPatterns.NewConversation d =
          AccessPatterns.newConversation(
              group, new Message(group, T0.plusSeconds(i), UUID.randomUUID(), "hi", YAYA), other);
      for (Map<String, String> item :
          List.of(
              d.message().toAttributes(),
              d.senderRow().toAttributes(),
              d.recipientRow().toAttributes())) {
        MessagesTables.put(dynamo, table, item);
      }
      groupIds.add(group);
      others.add(other);
    }
    Instant sameMicrosecond = T0.plusSeconds(3600).plusNanos(123_456_000);
    List<StreamChange> records = new ArrayList<>();
    for (int i = 0; i < groups; i++) {
      Message m =
          new Message(groupIds.get(i), sameMicrosecond, UUID.randomUUID(), "news " + i, YAYA);
      MessagesTables.put(dynamo, table, m.toAttributes());
      records.add(StreamChange.insertOf("s" + i, m));
    }
    return new Burst(groupIds, others, sameMicrosecond, records);
  }

  private final class Burst {
    private final List<UUID> groupIds;
    private final List<UserRef> others;
    private final Instant at;
    private final List<StreamChange> records;

    Burst(List<UUID> groupIds, List<UserRef> others, Instant at, List<StreamChange> records) {
      this.groupIds = groupIds;
      this.others = others;
      this.at = at;
      this.records = records;
    }

    List<StreamChange> records() {
      return records;
    }

    /**
     * One row per group for yaya, at distinct plain timestamps right after the message; each
     * friend's at it.
     */
    void assertRowsUniqueAndCurrent() {
      List<MessageGroupRow> yayas = groupRowsOf(dynamo, table, YAYA);
      assertThat(yayas)
          .extracting(MessageGroupRow::groupUuid)
          .containsExactlyInAnyOrderElementsOf(groupIds);
      assertThat(yayas)
          .extracting(MessageGroupRow::sk)
          .doesNotHaveDuplicates()
          .allSatisfy(sk -> assertThat(IsoTimestamps.isCanonical(sk)).as(sk).isTrue())
          .allSatisfy(
              sk ->
                  assertThat(IsoTimestamps.parse(sk))
                      .isBetween(at, at.plusNanos(groupIds.size() * 1000L)));
      assertThat(yayas)
          .allSatisfy(
              row -> {
                assertThat(row.lastMessageAt()).isEqualTo(at);
                assertThat(row.lastMessage())
                    .isEqualTo("news " + groupIds.indexOf(row.groupUuid()));
              });
      for (UserRef other : others) {
        assertThat(groupRowsOf(dynamo, table, other))
            .singleElement()
            .satisfies(row -> assertThat(row.sk()).isEqualTo(IsoTimestamps.format(at)));
      }
    }
  }

  private void assertBothRows(UUID group, Instant at, String text) {
    for (UserRef member : List.of(YAYA, BAYKO)) {
      assertThat(groupRowsOf(dynamo, table, member))
          .as(member.handle())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.groupUuid()).isEqualTo(group);
                assertThat(row.lastMessageAt()).isEqualTo(at);
                assertThat(row.sk())
                    .as("we write the canonical form")
                    .isEqualTo(IsoTimestamps.format(at));
                assertThat(row.lastMessage()).isEqualTo(text);
              });
    }
  }

  /** A message item as Ddb.create_message puts it, and the stream record of its insert. */
  private StreamChange appMessage(String sequence, UUID group, String sk, String text) {
    Map<String, String> item = new LinkedHashMap<>();
    item.put("pk", "MSG#" + group);
    item.put("sk", sk);
    item.put("message", text);
    item.put("message_uuid", UUID.randomUUID().toString());
    item.put("user_uuid", YAYA.uuid().toString());
    item.put("user_display_name", YAYA.displayName());
    item.put("user_handle", YAYA.handle());
    MessagesTables.put(dynamo, table, item);
    return new StreamChange(
        sequence, StreamChange.INSERT, Map.of("pk", item.get("pk"), "sk", sk), item);
  }

  /** A group row as Ddb.create_message_group puts it (no last_message_at). */
  private static Map<String, String> appGroupRow(
      UserRef owner, UserRef other, UUID group, String sk, String text) {
    Map<String, String> item = new LinkedHashMap<>();
    item.put("pk", "GRP#" + owner.uuid());
    item.put("sk", sk);
    item.put("message_group_uuid", group.toString());
    item.put("message", text);
    item.put("user_uuid", other.uuid().toString());
    item.put("user_display_name", other.displayName());
    item.put("user_handle", other.handle());
    return item;
  }
}
