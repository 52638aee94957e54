package app.cruddur.ops.functions;

import static app.cruddur.ops.functions.testing.Conversations.BAYKO;
import static app.cruddur.ops.functions.testing.Conversations.T0;
import static app.cruddur.ops.functions.testing.Conversations.YAYA;
import static app.cruddur.ops.functions.testing.Conversations.groupRowsOf;
import static app.cruddur.ops.functions.testing.Conversations.send;
import static app.cruddur.ops.functions.testing.Conversations.startConversation;
import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.functions.GroupRowMove.Result;
import app.cruddur.ops.functions.testing.ForwardingDynamoDb;
import app.cruddur.ops.functions.testing.MessagesTables;
import app.cruddur.ops.functions.testing.OnMoto;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * The mover when another writer moves the same rows between its read and its write: the transaction
 * is cancelled, the row read again and the decision made again.
 */
class GroupRowMoverTest extends OnMoto {

  private String table;
  private MoverSettings settings;
  private UUID group;

  @BeforeEach
  void conversation() {
    table = MessagesTables.create(dynamo);
    settings = new MoverSettings(table, 3, Duration.ofMillis(1));
    group = startConversation(dynamo, table, T0, "hi bayko");
  }

  @Test
  void aRowMovedToANewerMessageMeanwhileIsLeftThere() {
    Message older = send(dynamo, table, group, T0.plusSeconds(60), "how are you?");
    Message newer = send(dynamo, table, group, T0.plusSeconds(120), "still there?");
    GroupRowMover racing =
        new GroupRowMover(
            new RacingClient(dynamo, () -> new GroupRowMover(dynamo, settings).apply(newer)),
            settings);

    List<GroupRowMove> moves = racing.apply(older).moves();

    assertThat(moves)
        .extracting(GroupRowMove::result)
        .containsExactly(Result.ALREADY_CURRENT, Result.ALREADY_CURRENT);
    assertThat(rowsOfBoth())
        .extracting(MessageGroupRow::lastMessage)
        .containsExactly("still there?", "still there?");
  }

  @Test
  void aRowMovedToAnOlderMessageMeanwhileIsMovedOnFromWhereItIsNow() {
    Message older = send(dynamo, table, group, T0.plusSeconds(60), "how are you?");
    Message newer = send(dynamo, table, group, T0.plusSeconds(120), "still there?");
    GroupRowMover racing =
        new GroupRowMover(
            new RacingClient(dynamo, () -> new GroupRowMover(dynamo, settings).apply(older)),
            settings);

    List<GroupRowMove> moves = racing.apply(newer).moves();

    assertThat(moves).extracting(GroupRowMove::result).containsExactly(Result.MOVED, Result.MOVED);
    assertThat(rowsOfBoth())
        .extracting(MessageGroupRow::lastMessageAt)
        .containsExactly(newer.createdAt(), newer.createdAt());
  }

  /** Each member's rows; exactly one each, or the move duplicated or lost one. */
  private List<MessageGroupRow> rowsOfBoth() {
    List<MessageGroupRow> yaya = groupRowsOf(dynamo, table, YAYA);
    List<MessageGroupRow> bayko = groupRowsOf(dynamo, table, BAYKO);
    assertThat(yaya).hasSize(1);
    assertThat(bayko).hasSize(1);
    return List.of(yaya.get(0), bayko.get(0));
  }

  /** The real client, with another writer's work run just before the first transaction. */
  private static final class RacingClient extends ForwardingDynamoDb {
    private Runnable race;

    RacingClient(DynamoDbClient real, Runnable race) {
      super(real);
      this.race = race;
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
      Runnable before = race;
      race = null;
      if (before != null) {
        before.run();
      }
      return real.transactWriteItems(request);
    }
  }
}
