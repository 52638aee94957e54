package app.cruddur.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The engine's ceiling: the barest parallel BatchWriteItem loop on the SDK. Requests of 25 built
 * before the clock starts, N threads (started before it too) taking the next request from a shared
 * counter, UnprocessedItems re-sent at once until none are left. No streaming, no progress, no
 * deadline, no backoff beyond the SDK's own retries: nothing but the writes.
 */
final class RawBatchLoop {
  /**
   * One timed run.
   *
   * @param items items written
   * @param requests BatchWriteItem calls
   * @param resends calls that re-sent UnprocessedItems
   * @param nanos wall time of the writes
   */
  record Result(long items, long requests, long resends, long nanos) {
    double itemsPerSecond() {
      return items * 1e9 / nanos;
    }
  }

  /**
   * The raw loop as a program of its own, for a whole-program comparison with {@code cruddur ddb
   * seed} (JVM start, client build and item generation included, like the command's): {@code
   * RawBatchLoop ENDPOINT TABLE USERS GROUPS MESSAGES THREADS}; credentials and region from the
   * environment.
   */
  public static void main(String[] args) throws Exception {
    java.net.URI endpoint = java.net.URI.create(args[0]);
    String table = args[1];
    List<Map<String, AttributeValue>> items =
        SeedItems.of(Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
    try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(endpoint).build()) {
      Result r = new RawBatchLoop(client, Integer.parseInt(args[5]), items).write(table);
      System.out.println(r.items() + " items, " + r.requests() + " requests");
    }
  }

  private final DynamoDbClient dynamo;
  private final int threads;
  private final List<List<Map<String, AttributeValue>>> batches = new ArrayList<>();
  private final long items;

  RawBatchLoop(DynamoDbClient dynamo, int threads, List<Map<String, AttributeValue>> items) {
    this.dynamo = dynamo;
    this.threads = threads;
    this.items = items.size();
    for (int i = 0; i < items.size(); i += 25) {
      batches.add(items.subList(i, Math.min(items.size(), i + 25)));
    }
  }

  /** Writes every item to {@code table}. */
  Result write(String table) throws InterruptedException {
    List<List<WriteRequest>> requests =
        batches.stream()
            .map(
                b ->
                    b.stream()
                        .map(
                            item ->
                                WriteRequest.builder()
                                    .putRequest(PutRequest.builder().item(item).build())
                                    .build())
                        .toList())
            .toList();
    AtomicInteger next = new AtomicInteger();
    AtomicLong calls = new AtomicLong();
    AtomicLong resends = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ((ThreadPoolExecutor) pool).prestartAllCoreThreads();
    try {
      long start = System.nanoTime();
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement();
                      i < requests.size();
                      i = next.getAndIncrement()) {
                    List<WriteRequest> pending = requests.get(i);
                    while (!pending.isEmpty()) {
                      List<WriteRequest> sent = pending;
                      BatchWriteItemResponse r =
                          dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, sent)));
                      calls.incrementAndGet();
                      pending =
                          r.hasUnprocessedItems()
                              ? r.unprocessedItems().getOrDefault(table, List.of())
                              : List.of();
                      if (!pending.isEmpty()) {
                        resends.incrementAndGet();
                      }
                    }
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      return new Result(items, calls.get(), resends.get(), System.nanoTime() - start);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the raw loop failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
