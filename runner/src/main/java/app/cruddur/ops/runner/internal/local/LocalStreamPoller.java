package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.functions.BatchOutcome;
import app.cruddur.ops.functions.ChangeOutcome;
import app.cruddur.ops.functions.GroupRowMover;
import app.cruddur.ops.functions.MessageStreamProcessor;
import app.cruddur.ops.functions.MoverSettings;
import app.cruddur.ops.functions.StreamChange;
import app.cruddur.ops.functions.StreamChanges;
import app.cruddur.ops.model.MessagesTable;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
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
 * the model's group index and a stream) and hands the records to the stream Lambda's own
 * {@link MessageStreamProcessor}, the way the deployed event source mapping does, so that a
 * message sent locally moves both members' group rows within a second or two.
 */
public final class LocalStreamPoller implements LocalSupervisor.Companion {
  private static final Logger LOG = Logger.getLogger(LocalStreamPoller.class.getName());
  private static final Duration IDLE = Duration.ofMillis(250);
  private static final Duration DISCOVERY = Duration.ofSeconds(2);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final Map<String, TableStream> tables = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private long lastDiscovery;

  /** Registers the poller as a companion of the local engines. */
  public static final class Factory implements LocalSupervisor.CompanionFactory {
    @Override
    public List<LocalSupervisor.Companion> start(LocalLayout layout, LocalState state) {
      return List.of(new LocalStreamPoller(URI.create("http://127.0.0.1:" + state.motoPort())));
    }
  }

  LocalStreamPoller(URI endpoint) {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(LocalLayout.ACCESS_KEY_ID, LocalLayout.SECRET_ACCESS_KEY));
    this.dynamo = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.of(LocalLayout.REGION))
        .credentialsProvider(credentials).build();
    this.streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(Region.of(LocalLayout.REGION))
        .credentialsProvider(credentials).build();
    this.thread = new Thread(this::loop, "local-stream-poller");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running) {
      boolean busy = false;
      try {
        if (System.nanoTime() - lastDiscovery > DISCOVERY.toNanos()) {
          discover();
          lastDiscovery = System.nanoTime();
        }
        for (TableStream table : List.copyOf(tables.values())) {
          busy |= table.poll();
        }
      } catch (SdkException e) {
        LOG.log(Level.FINE, "stream poll failed; retrying", e);
        sleep(AFTER_FAILURE);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "stream poller error; retrying", e);
        sleep(AFTER_FAILURE);
      }
      if (!busy) {
        sleep(IDLE);
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
        boolean messages = t.hasGlobalSecondaryIndexes()
            && t.globalSecondaryIndexes().stream().anyMatch(i -> MessagesTable.GROUP_INDEX.equals(i.indexName()));
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

    TableStream(String table, String streamArn) {
      this.table = table;
      this.streamArn = streamArn;
      this.processor = new MessageStreamProcessor(new GroupRowMover(dynamo, MoverSettings.forTable(table)));
    }

    void refreshShards() {
      String start = null;
      do {
        String from = start;
        var description = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from)).streamDescription();
        for (Shard shard : description.shards()) {
          if (!iterators.containsKey(shard.shardId()) && !finished.contains(shard.shardId())) {
            iterators.put(shard.shardId(), iterator(shard.shardId(), ShardIteratorType.TRIM_HORIZON, null));
          }
        }
        start = description.lastEvaluatedShardId();
      } while (start != null);
    }

    /** Reads and applies one batch of every shard; true when there were records. */
    boolean poll() {
      boolean records = false;
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
        List<StreamChange> changes = response.records().stream().map(StreamChanges::fromSdk).toList();
        records |= !changes.isEmpty();
        String next = response.nextShardIterator();
        if (!changes.isEmpty()) {
          BatchOutcome outcome = processor.process(changes);
          LOG.fine(() -> table + ": " + outcome.summary());
          outcome.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.MALFORMED)
              .forEach(o -> LOG.warning(table + ": skipped malformed record " + o.sequenceNumber() + ": " + o.error().orElse("")));
          Optional<ChangeOutcome> failed = outcome.outcomes().stream()
              .filter(o -> o.status() == ChangeOutcome.Status.FAILED).findFirst();
          if (failed.isPresent()) {
            // resume at the failed record, as the event source mapping retries from it
            LOG.warning(table + ": record " + failed.get().sequenceNumber() + " failed, retrying: " + failed.get().error().orElse(""));
            next = iterator(shard.getKey(), ShardIteratorType.AT_SEQUENCE_NUMBER, failed.get().sequenceNumber());
            sleep(AFTER_FAILURE);
          } else {
            lastSequence.put(shard.getKey(), changes.get(changes.size() - 1).sequenceNumber());
          }
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

    private String resume(String shardId) {
      String after = lastSequence.get(shardId);
      return after == null ? iterator(shardId, ShardIteratorType.TRIM_HORIZON, null)
          : iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, after);
    }

    private String iterator(String shardId, ShardIteratorType type, String sequence) {
      return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
          .sequenceNumber(sequence)).shardIterator();
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
    dynamo.close();
    streams.close();
  }
}
