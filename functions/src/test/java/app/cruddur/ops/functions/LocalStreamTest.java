package app.cruddur.ops.functions;

import static app.cruddur.ops.functions.testing.Conversations.BAYKO;
import static app.cruddur.ops.functions.testing.Conversations.T0;
import static app.cruddur.ops.functions.testing.Conversations.YAYA;
import static app.cruddur.ops.functions.testing.Conversations.groupRowsOf;
import static app.cruddur.ops.functions.testing.Conversations.send;
import static app.cruddur.ops.functions.testing.Conversations.startConversation;
import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.functions.ChangeOutcome.Status;
import app.cruddur.ops.functions.testing.MessagesTables;
import app.cruddur.ops.functions.testing.MotoServer;
import app.cruddur.ops.model.MessageGroupRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The mover outside Lambda, as the local environment's poller runs it: records read from the
 * table's real stream (ListStreams, DescribeStream, GetShardIterator, GetRecords), converted with
 * {@link StreamChanges#fromSdk}, applied by the {@link MessageStreamProcessor}.
 */
@ExtendWith(MotoServer.class)
class LocalStreamTest {
  private static DynamoDbClient dynamo;
  private static DynamoDbStreamsClient streams;

  @BeforeAll
  static void connect() {
    dynamo = MotoServer.dynamoDb();
    streams = MotoServer.streams();
  }

  @AfterAll
  static void disconnect() {
    dynamo.close();
    streams.close();
  }

  @Test
  void recordsReadFromTheTablesStreamKeepBothGroupRowsOnTheLatestMessage() {
    String table = MessagesTables.create(dynamo);
    MessageStreamProcessor processor =
        new MessageStreamProcessor(new GroupRowMover(dynamo, MoverSettings.forTable(table)));
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    send(dynamo, table, group, T0.plusSeconds(60), "how are you?");
    send(dynamo, table, group, T0.plusSeconds(120), "still there?");

    List<Record> written = readAfter(table, null);
    BatchOutcome outcome = processor.process(written.stream().map(StreamChanges::fromSdk).toList());

    // three messages (only the newest needs work: the others are superseded), and the two group
    // rows of pattern D
    assertThat(outcome.firstFailure()).isEmpty();
    assertThat(outcome.count(Status.APPLIED)).isEqualTo(1);
    assertThat(outcome.count(Status.SUPERSEDED)).isEqualTo(2);
    assertThat(outcome.count(Status.IGNORED)).isEqualTo(2);
    assertThat(outcome.outcomes())
        .extracting(ChangeOutcome::sequenceNumber)
        .containsExactlyElementsOf(
            written.stream().map(r -> r.dynamodb().sequenceNumber()).toList());
    for (var user : List.of(YAYA, BAYKO)) {
      assertThat(groupRowsOf(dynamo, table, user))
          .singleElement()
          .extracting(MessageGroupRow::lastMessageAt, MessageGroupRow::lastMessage)
          .containsExactly(T0.plusSeconds(120), "still there?");
    }

    // the mover's own writes come back through the stream, and are left alone
    var before = MessagesTables.snapshot(dynamo, table);
    List<Record> moverWrites =
        readAfter(table, written.get(written.size() - 1).dynamodb().sequenceNumber());
    BatchOutcome echo =
        processor.process(moverWrites.stream().map(StreamChanges::fromSdk).toList());

    assertThat(moverWrites).extracting(Record::eventNameAsString).contains("INSERT", "REMOVE");
    assertThat(echo.count(Status.IGNORED)).isEqualTo(moverWrites.size());
    assertThat(MessagesTables.snapshot(dynamo, table)).isEqualTo(before);
  }

  /** Every record of the table's stream, from the start or after {@code sequenceNumber}. */
  private static List<Record> readAfter(String table, String sequenceNumber) {
    String streamArn = streams.listStreams(r -> r.tableName(table)).streams().get(0).streamArn();
    List<Record> records = new ArrayList<>();
    for (Shard shard :
        streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
      String iterator =
          streams
              .getShardIterator(
                  r -> {
                    r.streamArn(streamArn).shardId(shard.shardId());
                    if (sequenceNumber == null) {
                      r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                    } else {
                      r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                          .sequenceNumber(sequenceNumber);
                    }
                  })
              .shardIterator();
      while (iterator != null) {
        String current = iterator;
        var page = streams.getRecords(r -> r.shardIterator(current));
        records.addAll(page.records());
        iterator = page.records().isEmpty() ? null : page.nextShardIterator();
      }
    }
    return records;
  }
}
