package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.functions.BatchOutcome;
import app.cruddur.ops.functions.ChangeOutcome;
import app.cruddur.ops.functions.GroupRowMove;
import app.cruddur.ops.functions.GroupRowMover;
import app.cruddur.ops.functions.MessageStreamProcessor;
import app.cruddur.ops.functions.MoverSettings;
import app.cruddur.ops.functions.StreamChange;
import app.cruddur.ops.functions.StreamChanges;
import app.cruddur.ops.model.MalformedItemException;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.internal.aws.LocalEngineClients;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Pattern E on the local engine: reads the streams of every messages table in moto (a table with
 * the model's group index and a stream) and hands the records to the stream Lambda's own {@link
 * MessageStreamProcessor}, the way the deployed event source mapping does, so that a message sent
 * locally moves both members' group rows within a second or two.
 *
 * <p>Longer than our usual class (about 320 lines) on purpose: discovery, shard iterators, pacing
 * during bulk writes and the skip of messages a group has passed all work on one table stream's
 * state, held by its inner {@code TableStream}; the processing itself is the Lambda's.
 */
public final class LocalStreamPoller implements LocalSupervisor.Companion {
  private static final Logger LOG = Logger.getLogger(LocalStreamPoller.class.getName());
  private static final Duration IDLE = Duration.ofMillis(250);
  private static final Duration DISCOVERY = Duration.ofSeconds(2);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  /** A batch at least this full means a bulk write is under way. */
  private static final int BURST = 500;

  /**
   * During a bulk write, wait this many times as long as the last read took before reading again:
   * moto serves one request at a time and a 1,000-record GetRecords costs it the best part of a
   * second, so reading flat out would halve the writer's speed. The poller catches up once the
   * burst is over; a single message is still processed within a poll interval.
   */
  private static final int BURST_YIELD = 3;

  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final Map<String, TableStream> tables = new LinkedHashMap<>();
  private final StreamPositions positions;
  private final Thread thread;
  private volatile boolean running = true;
  private long lastDiscovery;

  /** Registers the poller as a companion of the local engines. */
  public static final class Factory implements LocalSupervisor.CompanionFactory {
    @Override
    public List<LocalSupervisor.Companion> start(LocalLayout layout, LocalState state) {
      return List.of(
          new LocalStreamPoller(
              URI.create("http://127.0.0.1:" + state.motoPort()),
              StreamPositions.at(layout.streamPositions())));
    }
  }

  LocalStreamPoller(URI endpoint, StreamPositions positions) {
    this.positions = positions;
    this.dynamo = LocalEngineClients.localEngine(DynamoDbClient.builder(), endpoint).build();
    this.streams =
        LocalEngineClients.localEngine(DynamoDbStreamsClient.builder(), endpoint).build();
    this.thread = new Thread(this::loop, "local-stream-poller");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running) {
      long wakeAt = System.nanoTime() + IDLE.toNanos();
      try {
        if (System.nanoTime() - lastDiscovery > DISCOVERY.toNanos()) {
          discover();
          lastDiscovery = System.nanoTime();
        }
        for (TableStream table : List.copyOf(tables.values())) {
          if (System.nanoTime() >= table.nextPollAt) {
            table.pollAndPace();
          }
          wakeAt = Math.min(wakeAt, table.nextPollAt);
        }
      } catch (SdkException e) {
        LOG.log(Level.FINE, "stream poll failed; retrying", e);
        wakeAt = System.nanoTime() + AFTER_FAILURE.toNanos();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "stream poller error; retrying", e);
        wakeAt = System.nanoTime() + AFTER_FAILURE.toNanos();
      }
      long pause = wakeAt - System.nanoTime();
      if (pause > 0) {
        sleep(Duration.ofNanos(pause));
      }
    }
  }

  /** Finds messages tables and their current streams; forgets tables that are gone. */
  private void discover() {
    Map<String, TableStream> found = new HashMap<>();
    for (String name : dynamo.listTablesPaginator(b -> b.limit(100)).tableNames()) {
      TableStream known = tables.get(name);
      try {
        TableDescription t = dynamo.describeTable(b -> b.tableName(name)).table();
        boolean messages =
            t.hasGlobalSecondaryIndexes()
                && t.globalSecondaryIndexes().stream()
                    .anyMatch(i -> MessagesTable.GROUP_INDEX.equals(i.indexName()));
        if (!messages || t.latestStreamArn() == null) {
          continue;
        }
        if (known != null && known.streamArn.equals(t.latestStreamArn())) {
          found.put(name, known);
        } else {
          found.put(name, new TableStream(name, t.latestStreamArn()));
        }
      } catch (ResourceNotFoundException deletedMeanwhile) {
        // gone: not found
      }
    }
    tables.keySet().retainAll(found.keySet());
    tables.putAll(found);
    positions.retainStreams(
        found.values().stream().map(t -> t.streamArn).collect(java.util.stream.Collectors.toSet()));
    for (TableStream table : tables.values()) {
      table.refreshShards();
    }
  }

  /** One table's stream: an iterator per open shard. */
  private final class TableStream {
    private final String table;
    private final String streamArn;
    private final MessageStreamProcessor processor;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Map<String, String> lastSequence = new HashMap<>();
    private final java.util.Set<String> finished = new java.util.HashSet<>();

    /**
     * Per group, the oldest sort key its rows are known to have reached (from the moves applied so
     * far). A message no newer than that would move nothing: it is not handed to the processor,
     * which spares moto a group-index query (a scan of the whole table in moto) per message during
     * bulk writes. Rows only ever move forward, and a recreated table is a new stream, so this
     * never goes stale.
     */
    private final Map<UUID, Instant> rowsAtLeast =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<UUID, Instant> eldest) {
            return size() > 100_000;
          }
        };

    /** When this table's stream is read next (each table is paced on its own). */
    private long nextPollAt = System.nanoTime();

    TableStream(String table, String streamArn) {
      this.table = table;
      this.streamArn = streamArn;
      this.processor =
          new MessageStreamProcessor(new GroupRowMover(dynamo, MoverSettings.forTable(table)));
    }

    void refreshShards() {
      String start = null;
      do {
        String from = start;
        var description =
            streams
                .describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from))
                .streamDescription();
        for (Shard shard : description.shards()) {
          if (!iterators.containsKey(shard.shardId()) && !finished.contains(shard.shardId())) {
            iterators.put(shard.shardId(), start(shard.shardId()));
          }
        }
        start = description.lastEvaluatedShardId();
      } while (start != null);
    }

    /**
     * Reads once, then schedules the next read: at once after a small batch (more may be waiting),
     * after a pause during a bulk write, after the idle interval when there was nothing.
     */
    void pollAndPace() {
      long started = System.nanoTime();
      int records = poll();
      long took = System.nanoTime() - started;
      nextPollAt =
          System.nanoTime()
              + (records >= BURST ? took * BURST_YIELD : records > 0 ? 0 : IDLE.toNanos());
    }

    /** Reads and applies one batch of every shard; how many records there were. */
    int poll() {
      int records = 0;
      Iterator<Map.Entry<String, String>> shards = iterators.entrySet().iterator();
      while (shards.hasNext()) {
        Map.Entry<String, String> shard = shards.next();
        GetRecordsResponse response;
        try {
          response = streams.getRecords(b -> b.shardIterator(shard.getValue()).limit(1000));
        } catch (ExpiredIteratorException expired) {
          shard.setValue(resume(shard.getKey()));
          continue;
        }
        List<StreamChange> changes =
            response.records().stream().map(StreamChanges::fromSdk).toList();
        records += changes.size();
        String next = response.nextShardIterator();
        Optional<ChangeOutcome> failed = apply(changes);
        if (failed.isPresent()) {
          // resume at the failed record, as the event source mapping retries from it
          LOG.warning(
              table
                  + ": record "
                  + failed.get().sequenceNumber()
                  + " failed, retrying: "
                  + failed.get().error().orElse(""));
          next =
              iterator(
                  shard.getKey(),
                  ShardIteratorType.AT_SEQUENCE_NUMBER,
                  failed.get().sequenceNumber());
          sleep(AFTER_FAILURE);
        } else if (!changes.isEmpty()) {
          String last = changes.get(changes.size() - 1).sequenceNumber();
          lastSequence.put(shard.getKey(), last);
          positions.processed(streamArn, shard.getKey(), last);
        }
        if (next == null) {
          finished.add(shard.getKey());
          shards.remove();
        } else {
          shard.setValue(next);
        }
      }
      return records;
    }

    /**
     * Hands a batch to the processor, minus the messages known to move nothing; the first failure.
     */
    private Optional<ChangeOutcome> apply(List<StreamChange> changes) {
      Map<String, UUID> groups = new HashMap<>();
      List<StreamChange> pending = new java.util.ArrayList<>();
      for (StreamChange change : changes) {
        Optional<Message> message = messageOf(change);
        if (message.isPresent()) {
          Instant reached = rowsAtLeast.get(message.get().groupUuid());
          if (reached != null && !message.get().createdAt().isAfter(reached)) {
            continue;
          }
          groups.put(change.sequenceNumber(), message.get().groupUuid());
        }
        pending.add(change);
      }
      if (pending.isEmpty()) {
        return Optional.empty();
      }
      BatchOutcome outcome = processor.process(pending);
      LOG.fine(
          () ->
              table
                  + ": "
                  + outcome.summary()
                  + " ("
                  + (changes.size() - pending.size())
                  + " known current)");
      outcome
          .unreadable()
          .forEach(u -> LOG.warning(table + ": left a group row alone: " + u.describe()));
      for (ChangeOutcome o : outcome.outcomes()) {
        UUID group = groups.get(o.sequenceNumber());
        if (o.status() == ChangeOutcome.Status.APPLIED && group != null && !o.moves().isEmpty()) {
          Instant lowest =
              o.moves().stream()
                  .map(GroupRowMove::lastMessageAt)
                  .min(Comparator.naturalOrder())
                  .orElseThrow();
          rowsAtLeast.merge(group, lowest, (a, b) -> a.isAfter(b) ? a : b);
        }
        if (o.status() == ChangeOutcome.Status.MALFORMED) {
          LOG.warning(
              table
                  + ": skipped malformed record "
                  + o.sequenceNumber()
                  + ": "
                  + o.error().orElse(""));
        }
      }
      return outcome.outcomes().stream()
          .filter(o -> o.status() == ChangeOutcome.Status.FAILED)
          .findFirst();
    }

    private static Optional<Message> messageOf(StreamChange change) {
      if (!change.isMessageWrite()) {
        return Optional.empty();
      }
      try {
        return Optional.of(Message.fromAttributes(change.newImage()));
      } catch (MalformedItemException malformed) {
        return Optional.empty(); // the processor reports it
      }
    }

    /**
     * Where a shard is read from when first seen: after the last record processed before a restart
     * (moto's snapshot brings the stream back as it was), else from its start.
     */
    private String start(String shardId) {
      Optional<String> after = positions.last(streamArn, shardId);
      if (after.isPresent() && holds(shardId, after.get())) {
        lastSequence.put(shardId, after.get());
        return iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, after.get());
      }
      // moto was killed after the poller's last position was written: the snapshot it came back
      // with ends before that record, and the stream is processed again from its start
      return iterator(shardId, ShardIteratorType.TRIM_HORIZON, null);
    }

    /** Whether the shard still has the record {@code sequenceNumber}. */
    private boolean holds(String shardId, String sequenceNumber) {
      String at = iterator(shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, sequenceNumber);
      var records = streams.getRecords(b -> b.shardIterator(at).limit(1)).records();
      return !records.isEmpty()
          && sequenceNumber.equals(records.get(0).dynamodb().sequenceNumber());
    }

    private String resume(String shardId) {
      String after = lastSequence.get(shardId);
      return after == null
          ? iterator(shardId, ShardIteratorType.TRIM_HORIZON, null)
          : iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, after);
    }

    private String iterator(String shardId, ShardIteratorType type, String sequence) {
      return streams
          .getShardIterator(
              b ->
                  b.streamArn(streamArn)
                      .shardId(shardId)
                      .shardIteratorType(type)
                      .sequenceNumber(sequence))
          .shardIterator();
    }
  }

  private void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    positions.write();
    dynamo.close();
    streams.close();
  }
}
