package app.cruddur.ops.bench;

import app.cruddur.ops.model.IsoTimestamps;
import app.cruddur.ops.model.MessagesTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The bare programs a migration is measured against: a parallel Scan with the same segment count,
 * and for each page the writes, on a pool of the same size, and nothing else (no plan, no budget,
 * no checkpoint, no re-read). Either the very calls the engine makes (conditional UpdateItem, or
 * one TransactWriteItems per move) or the engine's absolute ceiling, BatchWriteItem (unconditional:
 * it would overwrite a concurrent writer's item, which is why the engine cannot use it). The change
 * is the benchmark's: {@code sender = '@' + user_handle} on messages, or the canonical sort key of
 * every item.
 */
final class RawMigration {
  /** What the program writes. */
  enum Mode {
    /**
     * UpdateItem per message, conditional on the attributes it reads and writes: the engine's
     * calls.
     */
    CONDITIONAL_UPDATE,
    /** BatchWriteItem of the rewritten messages, 25 a request: the ceiling, without conditions. */
    BATCH_REWRITE,
    /**
     * TransactWriteItems per move (conditional put new + delete old), one at a time: the engine's
     * calls on moto.
     */
    TRANSACT_MOVE,
    /**
     * BatchWriteItem of put new + delete old, 12 items a request: the ceiling, neither atomic nor
     * conditional.
     */
    BATCH_MOVE
  }

  /**
   * One run.
   *
   * @param scanned items read
   * @param written items changed
   * @param nanos wall time from the first Scan to the last write
   */
  record Result(long scanned, long written, long nanos) {
    double itemsPerSecond() {
      return written * 1e9 / nanos;
    }
  }

  private final DynamoDbClient dynamo;
  private final int segments;
  private final int readers;
  private final int writers;
  private final int pageSize;
  private final Mode mode;

  /**
   * A program of {@code segments} segments, {@code readers} of them read at once, pages of {@code
   * pageSize} items at most, {@code writers} writes in flight.
   */
  RawMigration(
      DynamoDbClient dynamo, int segments, int readers, int writers, int pageSize, Mode mode) {
    this.dynamo = dynamo;
    this.segments = segments;
    this.readers = readers;
    this.writers = writers;
    this.pageSize = pageSize;
    this.mode = mode;
  }

  Result run(String table) throws Exception {
    AtomicLong scanned = new AtomicLong();
    AtomicLong written = new AtomicLong();
    ExecutorService readerPool = Executors.newFixedThreadPool(readers);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    Semaphore oneTransaction = new Semaphore(1);
    long start = System.nanoTime();
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int s = 0; s < segments; s++) {
        int segment = s;
        all.add(
            readerPool.submit(
                () -> {
                  Map<String, AttributeValue> from = null;
                  do {
                    Map<String, AttributeValue> start0 = from;
                    ScanResponse page =
                        dynamo.scan(
                            b ->
                                b.tableName(table)
                                    .segment(segment)
                                    .totalSegments(segments)
                                    .exclusiveStartKey(start0)
                                    .limit(pageSize));
                    scanned.addAndGet(page.count());
                    List<Future<?>> writes = new ArrayList<>();
                    List<Map<String, AttributeValue>> changing =
                        page.items().stream().filter(this::changes).toList();
                    if (mode == Mode.BATCH_REWRITE || mode == Mode.BATCH_MOVE) {
                      int per = mode == Mode.BATCH_MOVE ? 12 : 25;
                      for (int i = 0; i < changing.size(); i += per) {
                        List<Map<String, AttributeValue>> batch =
                            changing.subList(i, Math.min(changing.size(), i + per));
                        writes.add(pool.submit(() -> batch(table, batch)));
                      }
                    } else {
                      for (Map<String, AttributeValue> item : changing) {
                        writes.add(
                            pool.submit(
                                () -> {
                                  if (mode == Mode.CONDITIONAL_UPDATE) {
                                    update(table, item);
                                  } else {
                                    oneTransaction.acquireUninterruptibly();
                                    try {
                                      transact(table, item);
                                    } finally {
                                      oneTransaction.release();
                                    }
                                  }
                                  return null;
                                }));
                      }
                    }
                    for (Future<?> w : writes) {
                      w.get();
                    }
                    written.addAndGet(changing.size());
                    from =
                        page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                            ? page.lastEvaluatedKey()
                            : null;
                  } while (from != null);
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      return new Result(scanned.get(), written.get(), System.nanoTime() - start);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "the raw program (" + mode + ") failed: " + e.getCause(), e.getCause());
    } finally {
      readerPool.shutdownNow();
      pool.shutdownNow();
    }
  }

  private boolean changes(Map<String, AttributeValue> item) {
    if (mode == Mode.TRANSACT_MOVE || mode == Mode.BATCH_MOVE) {
      return !IsoTimestamps.isCanonical(item.get(MessagesTable.SK).s());
    }
    return item.get(MessagesTable.PK).s().startsWith("MSG#")
        && !item.containsKey(BackfillBenchmark.FILLED);
  }

  /** The item as the benchmark's change leaves it. */
  static Map<String, AttributeValue> changed(Map<String, AttributeValue> item, Mode mode) {
    Map<String, AttributeValue> after = new LinkedHashMap<>(item);
    if (mode == Mode.TRANSACT_MOVE || mode == Mode.BATCH_MOVE) {
      after.put(
          MessagesTable.SK,
          AttributeValue.fromS(IsoTimestamps.canonical(item.get(MessagesTable.SK).s())));
    } else {
      after.put(
          BackfillBenchmark.FILLED,
          AttributeValue.fromS("@" + item.get(MessagesTable.USER_HANDLE).s()));
    }
    return after;
  }

  private void update(String table, Map<String, AttributeValue> item) {
    dynamo.updateItem(
        b ->
            b.tableName(table)
                .key(key(item))
                .updateExpression("SET #s = :s")
                .conditionExpression(
                    "attribute_exists(#pk) AND #pk = :pk AND #h = :h AND attribute_not_exists(#s)")
                .expressionAttributeNames(
                    Map.of(
                        "#s",
                        BackfillBenchmark.FILLED,
                        "#pk",
                        MessagesTable.PK,
                        "#h",
                        MessagesTable.USER_HANDLE))
                .expressionAttributeValues(
                    Map.of(
                        ":s",
                        AttributeValue.fromS("@" + item.get(MessagesTable.USER_HANDLE).s()),
                        ":pk",
                        item.get(MessagesTable.PK),
                        ":h",
                        item.get(MessagesTable.USER_HANDLE))));
  }

  private void transact(String table, Map<String, AttributeValue> item) {
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    List<String> guards = new ArrayList<>();
    item.forEach(
        (name, value) -> {
          String n = "#a" + names.size();
          String v = ":v" + values.size();
          names.put(n, name);
          values.put(v, value);
          guards.add(n + " = " + v);
        });
    Map<String, AttributeValue> after = changed(item, mode);
    try {
      dynamo.transactWriteItems(
          b ->
              b.transactItems(
                  TransactWriteItem.builder()
                      .put(
                          p ->
                              p.tableName(table)
                                  .item(after)
                                  .conditionExpression("attribute_not_exists(#pk)")
                                  .expressionAttributeNames(Map.of("#pk", MessagesTable.PK)))
                      .build(),
                  TransactWriteItem.builder()
                      .delete(
                          d ->
                              d.tableName(table)
                                  .key(key(item))
                                  .conditionExpression(String.join(" AND ", guards))
                                  .expressionAttributeNames(names)
                                  .expressionAttributeValues(values))
                      .build()));
    } catch (TransactionCanceledException e) {
      // an SDK retry of an attempt that landed but timed out: done, if the new item is there
      if (!after.equals(
          dynamo.getItem(b -> b.tableName(table).key(key(after)).consistentRead(true)).item())) {
        throw e;
      }
    }
  }

  private Void batch(String table, List<Map<String, AttributeValue>> items) {
    List<WriteRequest> requests = new ArrayList<>();
    for (Map<String, AttributeValue> item : items) {
      requests.add(
          WriteRequest.builder()
              .putRequest(PutRequest.builder().item(changed(item, mode)).build())
              .build());
      if (mode == Mode.BATCH_MOVE) {
        requests.add(
            WriteRequest.builder()
                .deleteRequest(DeleteRequest.builder().key(key(item)).build())
                .build());
      }
    }
    List<WriteRequest> pending = requests;
    while (!pending.isEmpty()) {
      List<WriteRequest> sent = pending;
      var r = dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, sent)));
      pending =
          r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(table, List.of()) : List.of();
    }
    return null;
  }

  private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    return Map.of(
        MessagesTable.PK, item.get(MessagesTable.PK), MessagesTable.SK, item.get(MessagesTable.SK));
  }
}
