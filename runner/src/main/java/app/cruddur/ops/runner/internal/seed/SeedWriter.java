package app.cruddur.ops.runner.internal.seed;

import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessageGroupRow;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.UserRef;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Progress;
import app.cruddur.ops.runner.internal.dynamo.BatchWriter;
import app.cruddur.ops.runner.internal.dynamo.ConversationReads;
import app.cruddur.ops.runner.internal.dynamo.Queries;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.pg.Users;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes a seed: its users looked up (or created, for synthetic seeds) in PostgreSQL, then its
 * group rows and messages through the {@link BatchWriter}. Safe to rerun: items are the same, and a
 * group row that a newer message has already moved on is left alone.
 */
public final class SeedWriter {
  private SeedWriter() {}

  /**
   * What a seed wrote.
   *
   * @param messages messages written
   * @param groupRows group rows written
   * @param writer the batch writer's figures
   * @param messagesDone the seed's messages written so far: by this run and the runs it continued
   * @param stopped true when a sliced release's deadline stopped it at a batch with messages left
   */
  public record SeedResult(
      long messages,
      long groupRows,
      BatchWriter.Result writer,
      long messagesDone,
      boolean stopped) {}

  /** Writes {@code seed} to the session's messages table. */
  public static SeedResult write(
      Connections session, SeedData seed, BatchWriter.Settings settings, Progress progress) {
    return write(session, seed, settings, progress, UnaryOperator.identity());
  }

  /**
   * Writes {@code seed} to the session's messages table, each item as {@code laterChanges} makes it
   * (the DynamoDB migrations applied after the seed: {@code ddb seed} never undoes them).
   */
  public static SeedResult write(
      Connections session,
      SeedData seed,
      BatchWriter.Settings settings,
      Progress progress,
      UnaryOperator<Map<String, AttributeValue>> laterChanges) {
    return write(session, seed, settings, progress, laterChanges, 0, () -> false);
  }

  /**
   * Writes {@code seed} from its message {@code messagesDone} on (those before were written by the
   * run it continues; its group rows are checked again), until {@code stop} says so after a batch.
   */
  public static SeedResult write(
      Connections session,
      SeedData seed,
      BatchWriter.Settings settings,
      Progress progress,
      long messagesDone,
      BooleanSupplier stop) {
    return write(session, seed, settings, progress, UnaryOperator.identity(), messagesDone, stop);
  }

  private static SeedResult write(
      Connections session,
      SeedData seed,
      BatchWriter.Settings settings,
      Progress progress,
      UnaryOperator<Map<String, AttributeValue>> laterChanges,
      long messagesDone,
      BooleanSupplier stop) {
    progress.phase("looking up its users");
    Map<String, UserRef> users = users(session, seed);
    String table = session.names().tableName();
    progress.phase("checking for earlier copies of its messages");
    deleteEarlierCopies(session, table, seed.messagesToReplace(users));
    progress.phase("checking which group rows to write");
    List<MessageGroupRow> rows = rowsStillToWrite(session, table, seed.groupRows(users));
    Iterator<Map<String, String>> messages = seed.messages(users);
    // deterministic: the messages an earlier run wrote are the first ones generated
    for (long i = 0; i < messagesDone && messages.hasNext(); i++) {
      messages.next();
    }
    long[] taken = {0};
    Iterator<Map<String, AttributeValue>> items =
        new Iterator<>() {
          private final Iterator<MessageGroupRow> groupRows = rows.iterator();

          @Override
          public boolean hasNext() {
            return groupRows.hasNext() || messages.hasNext();
          }

          @Override
          public Map<String, AttributeValue> next() {
            if (groupRows.hasNext()) {
              return laterChanges.apply(Items.toAttributeValues(groupRows.next().toAttributes()));
            }
            taken[0]++;
            return laterChanges.apply(Items.toAttributeValues(messages.next()));
          }
        };
    long total = rows.size() + seed.messageCount() - messagesDone;
    progress.phase("writing");
    // the count from the start: off a terminal the phase's one line is this one, not the bare
    // phase name its timer would print if the first batch took longer than a moment
    progress.update(0, total);
    BatchWriter.Result result =
        new BatchWriter(session.dynamo(), table, settings)
            .write(items, done -> progress.update(done, total), stop);
    return new SeedResult(taken[0], rows.size(), result, messagesDone + taken[0], items.hasNext());
  }

  private static Map<String, UserRef> users(Connections session, SeedData seed) {
    PgConnections postgres = session.postgres();
    try (Connection c = postgres.open("cruddur seed")) {
      Users.ensureExist(c, seed.usersToCreate());
      Map<String, UserRef> found = Users.byHandles(c, seed.handles());
      requireAll(postgres, seed, seed.handles(), found.keySet(), "");
      return found;
    } catch (SQLException e) {
      throw postgres.translate(e, "looking up the seed's users");
    }
  }

  /**
   * Checks, before the release writes anything, that the users the seed reads (those it does not
   * create itself) are in PostgreSQL: exit 2 naming them.
   */
  public static void requireUsers(Connections session, SeedData seed) {
    Set<String> needed = new TreeSet<>(seed.handles());
    seed.usersToCreate().forEach(u -> needed.remove(u.handle()));
    if (needed.isEmpty()) {
      return;
    }
    PgConnections postgres = session.postgres();
    try (Connection c = postgres.open("cruddur seed")) {
      requireAll(
          postgres, seed, needed, Users.byHandles(c, needed).keySet(), "; nothing was applied");
    } catch (SQLException e) {
      throw postgres.translate(e, "looking up the seed's users");
    }
  }

  private static void requireAll(
      PgConnections postgres,
      SeedData seed,
      Set<String> needed,
      Set<String> found,
      String outcome) {
    Set<String> missing = new TreeSet<>(needed);
    missing.removeAll(found);
    if (!missing.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.UNKNOWN_USER,
          seed.name()
              + " needs users that are not in PostgreSQL "
              + postgres.describe()
              + ": "
              + String.join(", ", missing)
              + outcome,
          "Create them first: the dev users come with the release's dev context"
              + " (migrations/003_dev_users.sql), others by inserting them into users");
    }
  }

  /**
   * Deletes the copies of the seed's messages that an earlier anchor put at other sort keys (same
   * message id, another key), so that a seed anchored anew replaces its conversation.
   */
  private static void deleteEarlierCopies(
      Connections session, String table, List<Message> messages) {
    Map<UUID, List<Message>> byGroup =
        messages.stream().collect(Collectors.groupingBy(Message::groupUuid));
    for (Map.Entry<UUID, List<Message>> group : byGroup.entrySet()) {
      Map<String, String> skById = new HashMap<>();
      group.getValue().forEach(m -> skById.put(m.messageUuid().toString(), m.sk()));
      for (Map<String, AttributeValue> item :
          Queries.all(
              session.dynamo(),
              table,
              AccessPatterns.conversation(group.getKey(), Optional.empty(), Optional.empty()),
              Integer.MAX_VALUE)) {
        Map<String, String> attributes = Items.toStrings(item);
        String seededAt = skById.get(attributes.get(MessagesTable.MESSAGE_UUID));
        if (seededAt != null && !seededAt.equals(attributes.get(MessagesTable.SK))) {
          session
              .dynamo()
              .deleteItem(
                  b ->
                      b.tableName(table)
                          .key(
                              Map.of(
                                  MessagesTable.PK,
                                  item.get(MessagesTable.PK),
                                  MessagesTable.SK,
                                  item.get(MessagesTable.SK))));
        }
      }
    }
  }

  /**
   * The seed's group rows minus those a member already has at a newer message (moved on since by
   * pattern E); older rows of the same member and group are replaced, so no group is listed twice.
   * Rows that cannot be read are left alone.
   */
  private static List<MessageGroupRow> rowsStillToWrite(
      Connections session, String table, List<MessageGroupRow> rows) {
    Map<UUID, List<MessageGroupRow>> byGroup =
        rows.stream().collect(Collectors.groupingBy(MessageGroupRow::groupUuid));
    List<MessageGroupRow> toWrite = new ArrayList<>();
    for (Map.Entry<UUID, List<MessageGroupRow>> group : byGroup.entrySet()) {
      List<MessageGroupRow> existing =
          ConversationReads.rowsOfGroup(session.dynamo(), table, group.getKey()).items();
      for (MessageGroupRow seeded : group.getValue()) {
        boolean newer = false;
        for (MessageGroupRow current : existing) {
          if (!current.ownerUuid().equals(seeded.ownerUuid())) {
            continue;
          }
          if (!current.lastMessageAt().isBefore(seeded.lastMessageAt())) {
            newer = true;
          } else {
            session
                .dynamo()
                .deleteItem(
                    b ->
                        b.tableName(table)
                            .key(
                                Map.of(
                                    MessagesTable.PK,
                                    AttributeValue.fromS(current.pk()),
                                    MessagesTable.SK,
                                    AttributeValue.fromS(current.sk()))));
          }
        }
        if (!newer) {
          toWrite.add(seeded);
        }
      }
    }
    return toWrite;
  }
}
