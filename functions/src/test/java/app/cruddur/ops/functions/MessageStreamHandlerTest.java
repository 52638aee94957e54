package app.cruddur.ops.functions;

import static app.cruddur.ops.functions.testing.Conversations.BAYKO;
import static app.cruddur.ops.functions.testing.Conversations.T0;
import static app.cruddur.ops.functions.testing.Conversations.YAYA;
import static app.cruddur.ops.functions.testing.Conversations.groupRowsOf;
import static app.cruddur.ops.functions.testing.Conversations.send;
import static app.cruddur.ops.functions.testing.Conversations.startConversation;
import static app.cruddur.ops.functions.testing.LambdaEvents.batch;
import static app.cruddur.ops.functions.testing.LambdaEvents.inserted;
import static app.cruddur.ops.functions.testing.LambdaEvents.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import app.cruddur.ops.functions.testing.ForwardingDynamoDb;
import app.cruddur.ops.functions.testing.MessagesTables;
import app.cruddur.ops.functions.testing.MotoServer;
import app.cruddur.ops.functions.testing.OnMoto;
import app.cruddur.ops.functions.testing.RecordingContext;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.UserRef;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda handler against a real table on the local engine, fed the events Lambda would send.
 */
class MessageStreamHandlerTest extends OnMoto {

  private String table;
  private MessageStreamHandler handler;
  private final RecordingContext context = new RecordingContext();

  @BeforeEach
  void newTable() {
    table = MessagesTables.create(dynamo);
    handler = handlerWith(MoverSettings.forTable(table));
  }

  @Test
  void aNewMessageMovesBothMembersGroupRowsToIt() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    Message reply = send(dynamo, table, group, T0.plusSeconds(60), "how are you?");

    StreamsEventResponse response = handler.handleRequest(batch(inserted("100", reply)), context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(groupRowsOf(dynamo, table, YAYA))
        .containsExactly(
            new MessageGroupRow(YAYA.uuid(), reply.createdAt(), group, "how are you?", BAYKO));
    assertThat(groupRowsOf(dynamo, table, BAYKO))
        .containsExactly(
            new MessageGroupRow(BAYKO.uuid(), reply.createdAt(), group, "how are you?", YAYA));
    assertThat(context.lines())
        .contains(
            "1 record(s): applied=1 ignored=0 superseded=0 malformed=0 failed=0 skipped=0, group"
                + " rows moved=2");
  }

  @Test
  void aRedeliveredRecordChangesNothing() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    Message reply = send(dynamo, table, group, T0.plusSeconds(60), "how are you?");
    handler.handleRequest(batch(inserted("100", reply)), context);
    var before = MessagesTables.snapshot(dynamo, table);

    StreamsEventResponse response = handler.handleRequest(batch(inserted("100", reply)), context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(MessagesTables.snapshot(dynamo, table)).isEqualTo(before);
    assertThat(context.lines()).last().asString().endsWith("group rows moved=0");
  }

  @Test
  void anOlderRecordArrivingLateChangesNothing() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    Message older = send(dynamo, table, group, T0.plusSeconds(60), "how are you?");
    Message newer = send(dynamo, table, group, T0.plusSeconds(120), "still there?");
    handler.handleRequest(batch(inserted("200", newer)), context);
    var before = MessagesTables.snapshot(dynamo, table);

    StreamsEventResponse response = handler.handleRequest(batch(inserted("100", older)), context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(MessagesTables.snapshot(dynamo, table)).isEqualTo(before);
    assertThat(groupRowsOf(dynamo, table, BAYKO))
        .singleElement()
        .satisfies(row -> assertThat(row.lastMessage()).isEqualTo("still there?"));
  }

  @Test
  void aPoisonRecordIsReportedAsTheBatchItemFailureWhileTheOthersSucceed() {
    UUID first = startConversation(dynamo, table, T0, "hi bayko");
    UUID second = startConversation(dynamo, table, T0.plusSeconds(1), "another topic");
    Message beforePoison = send(dynamo, table, first, T0.plusSeconds(60), "before the poison");
    Message afterPoison = send(dynamo, table, second, T0.plusSeconds(61), "after the poison");
    Map<String, String> poison = new LinkedHashMap<>(afterPoison.toAttributes());
    poison.put("pk", "MSG#" + UUID.randomUUID());
    poison.put("sk", "yesterday at noon");

    StreamsEventResponse response =
        handler.handleRequest(
            batch(
                inserted("100", beforePoison),
                record("200", "INSERT", poison),
                inserted("300", afterPoison)),
            context);

    assertThat(response.getBatchItemFailures())
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("200");
    assertThat(groupRowsOf(dynamo, table, YAYA))
        .extracting(MessageGroupRow::lastMessage)
        .containsExactlyInAnyOrder("before the poison", "after the poison");
    assertThat(groupRowsOf(dynamo, table, BAYKO))
        .extracting(MessageGroupRow::lastMessage)
        .containsExactlyInAnyOrder("before the poison", "after the poison");
    assertThat(context.lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("record 200 MALFORMED: ")
                    .contains("'yesterday at noon'"));
  }

  @Test
  void groupRowsAndDeletionsAreIgnored() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    Message reply = send(dynamo, table, group, T0.plusSeconds(60), "how are you?");
    MessageGroupRow yayasRow = groupRowsOf(dynamo, table, YAYA).get(0);
    var before = MessagesTables.snapshot(dynamo, table);

    // what the stream carries for the mover's own writes, and for a deleted message
    StreamsEventResponse response =
        handler.handleRequest(
            batch(
                record("100", "INSERT", yayasRow.movedTo(reply).toAttributes()),
                record("101", "REMOVE", yayasRow.toAttributes()),
                record("102", "REMOVE", reply.toAttributes())),
            context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(MessagesTables.snapshot(dynamo, table)).isEqualTo(before);
    assertThat(context.lines())
        .contains(
            "3 record(s): applied=0 ignored=3 superseded=0 malformed=0 failed=0 skipped=0, group"
                + " rows moved=0");
  }

  @Test
  void aRowWhoseNewKeyAnotherGroupsRowHoldsTakesTheNextFreeMicrosecond() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    Message reply = send(dynamo, table, group, T0.plusSeconds(60), "how are you?");
    // bayko already has rows of two other groups at the very sort key the move needs, and the next
    UserRef carol = new UserRef(UUID.randomUUID(), "Carol", "carol");
    MessageGroupRow blocking =
        new MessageGroupRow(BAYKO.uuid(), reply.createdAt(), UUID.randomUUID(), "hello", carol);
    MessagesTables.put(dynamo, table, blocking.toAttributes());
    MessagesTables.put(
        dynamo,
        table,
        new MessageGroupRow(BAYKO.uuid(), reply.createdAt(), UUID.randomUUID(), "hey", carol)
            .oneMicrosecondLater()
            .toAttributes());

    StreamsEventResponse response = handler.handleRequest(batch(inserted("100", reply)), context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(groupRowsOf(dynamo, table, BAYKO))
        .filteredOn(row -> row.groupUuid().equals(group))
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.sk()).isEqualTo("2026-11-24T10:01:00.000002+00:00");
              assertThat(row.lastMessageAt()).isEqualTo(reply.createdAt());
              assertThat(row.lastMessage()).isEqualTo("how are you?");
            });
    assertThat(groupRowsOf(dynamo, table, YAYA))
        .singleElement()
        .satisfies(row -> assertThat(row.sk()).isEqualTo(reply.sk()));
  }

  @Test
  void aMoveThatCannotBeWrittenIsRetriedABoundedNumberOfTimesThenReportedAndStopsTheBatch() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    UUID other = startConversation(dynamo, table, T0.plusSeconds(1), "another topic");
    Message reply = send(dynamo, table, group, T0.plusSeconds(60), "how are you?");
    Message later = send(dynamo, table, other, T0.plusSeconds(90), "later");
    // every move of a bayko row is cancelled as if another writer had just moved it
    MessageStreamHandler impatient =
        new MessageStreamHandler(
            new MessageStreamProcessor(
                new GroupRowMover(
                    new AlwaysMovedMeanwhile(dynamo, "GRP#" + BAYKO.uuid()),
                    new MoverSettings(table, 3, Duration.ofMillis(1)))));

    StreamsEventResponse response =
        impatient.handleRequest(batch(inserted("100", reply), inserted("200", later)), context);

    assertThat(response.getBatchItemFailures())
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("100");
    // yaya's row is independent and moved; bayko's failed transactions deleted nothing
    assertThat(groupRowsOf(dynamo, table, YAYA))
        .extracting(MessageGroupRow::groupUuid, MessageGroupRow::lastMessageAt)
        .containsExactlyInAnyOrder(
            tuple(group, reply.createdAt()), tuple(other, T0.plusSeconds(1)));
    assertThat(groupRowsOf(dynamo, table, BAYKO))
        .extracting(MessageGroupRow::groupUuid, MessageGroupRow::lastMessageAt)
        .containsExactlyInAnyOrder(tuple(group, T0), tuple(other, T0.plusSeconds(1)));
    assertThat(context.lines())
        .contains(
            "2 record(s): applied=0 ignored=0 superseded=0 malformed=0 failed=1 skipped=1, group"
                + " rows moved=1")
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("record 100 FAILED: ")
                    .contains(
                        "user " + BAYKO.uuid() + " in group " + group + " after 3 attempt(s)"));
  }

  @Test
  void aBurstOfMessagesOfOneGroupCostsOneLookupForTheNewestOnly() {
    UUID group = startConversation(dynamo, table, T0, "hi bayko");
    Message first = send(dynamo, table, group, T0.plusSeconds(60), "one");
    Message second = send(dynamo, table, group, T0.plusSeconds(61), "two");
    Message third = send(dynamo, table, group, T0.plusSeconds(62), "three");
    java.util.concurrent.atomic.AtomicInteger queries =
        new java.util.concurrent.atomic.AtomicInteger();
    DynamoDbClient counting =
        DynamoDbClient.builder()
            .endpointOverride(MotoServer.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        "test", "test")))
            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
            .overrideConfiguration(
                o ->
                    o.addExecutionInterceptor(
                        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                          @Override
                          public void beforeExecution(
                              software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
                              software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                            if (c.request()
                                instanceof
                                software.amazon.awssdk.services.dynamodb.model.QueryRequest) {
                              queries.incrementAndGet();
                            }
                          }
                        }))
            .build();
    MessageStreamHandler burst =
        new MessageStreamHandler(
            new MessageStreamProcessor(new GroupRowMover(counting, MoverSettings.forTable(table))));

    StreamsEventResponse response =
        burst.handleRequest(
            batch(inserted("100", first), inserted("200", second), inserted("300", third)),
            context);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(queries.get()).isEqualTo(1);
    assertThat(groupRowsOf(dynamo, table, BAYKO))
        .singleElement()
        .satisfies(row -> assertThat(row.lastMessage()).isEqualTo("three"));
    assertThat(context.lines())
        .contains(
            "3 record(s): applied=1 ignored=0 superseded=2 malformed=0 failed=0 skipped=0, group"
                + " rows moved=2");
    counting.close();
  }

  private MessageStreamHandler handlerWith(MoverSettings settings) {
    return new MessageStreamHandler(
        new MessageStreamProcessor(new GroupRowMover(dynamo, settings)));
  }

  /**
   * The real client, except that a move of a row in one partition is always cancelled: its delete's
   * condition failed.
   */
  private static final class AlwaysMovedMeanwhile extends ForwardingDynamoDb {
    private final String partition;

    AlwaysMovedMeanwhile(DynamoDbClient real, String partition) {
      super(real);
      this.partition = partition;
    }

    @Override
    public software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse
        transactWriteItems(
            software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest request) {
      boolean blocked =
          request.transactItems().stream()
              .anyMatch(
                  item ->
                      item.delete() != null && partition.equals(item.delete().key().get("pk").s()));
      if (blocked) {
        throw software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.builder()
            .message("Transaction cancelled")
            .cancellationReasons(
                software.amazon.awssdk.services.dynamodb.model.CancellationReason.builder()
                    .code("ConditionalCheckFailed")
                    .build(),
                software.amazon.awssdk.services.dynamodb.model.CancellationReason.builder()
                    .code("None")
                    .build())
            .build();
      }
      return real.transactWriteItems(request);
    }
  }
}
