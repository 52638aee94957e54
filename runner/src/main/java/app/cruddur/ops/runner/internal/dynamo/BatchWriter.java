package app.cruddur.ops.runner.internal.dynamo;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.WriteOptions;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.aws.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one bulk writer: BatchWriteItem of 25, several requests in flight on one shared client,
 * UnprocessedItems and throttled batches re-sent with capped exponential backoff and full jitter
 * until every item lands or the deadline passes. Items are streamed through a bounded queue, so
 * memory stays flat however many there are.
 */
public final class BatchWriter {
  /** DynamoDB's limit of items per BatchWriteItem. */
  public static final int BATCH_SIZE = 25;

  private static final Logger LOG = Logger.getLogger(BatchWriter.class.getName());
  private static final List<Map<String, AttributeValue>> POISON = List.of();

  /**
   * How the writer behaves.
   *
   * @param parallelism requests in flight
   * @param deadline give up re-sending after this long (the items left are reported)
   * @param baseBackoff first backoff
   * @param maxBackoff backoff cap
   */
  public record Settings(
      int parallelism, Duration deadline, Duration baseBackoff, Duration maxBackoff) {
    /** The default parallelism, five minutes, 25 ms doubling up to 2 s. */
    public static Settings defaults() {
      return of(WriteOptions.defaults());
    }

    /** The defaults with the caller's options. */
    public static Settings of(WriteOptions options) {
      return new Settings(
          options.parallelism(),
          Duration.ofMinutes(5),
          Duration.ofMillis(25),
          Duration.ofSeconds(2));
    }

    public Settings withDeadline(Duration d) {
      return new Settings(parallelism, d, baseBackoff, maxBackoff);
    }

    public Settings withParallelism(int p) {
      return new Settings(p, deadline, baseBackoff, maxBackoff);
    }
  }

  /**
   * What a write did.
   *
   * @param written items that landed
   * @param requests BatchWriteItem calls made
   * @param unprocessedRetries re-sends of items DynamoDB returned as unprocessed
   * @param throttledRetries re-sends of whole batches after throttling
   * @param backoffMillis time spent backing off, summed over workers
   * @param elapsedMillis wall time
   */
  public record Result(
      long written,
      long requests,
      long unprocessedRetries,
      long throttledRetries,
      long backoffMillis,
      long elapsedMillis) {
    /** Items a second. */
    public double itemsPerSecond() {
      return elapsedMillis == 0 ? written : written * 1000.0 / elapsedMillis;
    }
  }

  private final DynamoDbClient dynamo;
  private final String table;
  private final Settings settings;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong unprocessedRetries = new AtomicLong();
  private final AtomicLong throttledRetries = new AtomicLong();
  private final AtomicLong backoffMillis = new AtomicLong();
  private final AtomicLong notLanded = new AtomicLong();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  public BatchWriter(DynamoDbClient dynamo, String table, Settings settings) {
    this.dynamo = dynamo;
    this.table = table;
    this.settings = settings;
  }

  /**
   * Writes every item (puts), reporting the running count to {@code progress}.
   *
   * @throws CruddurException exit 1 naming how many items did not land by the deadline; exit 4 when
   *     the endpoint cannot be reached
   */
  public Result write(Iterator<Map<String, AttributeValue>> items, LongConsumer progress) {
    return write(items, progress, () -> false);
  }

  /**
   * Writes the items (puts) until {@code stop} says so, asked after each batch handed to the
   * senders (at least one): the items taken from {@code items} by then are all written when it
   * returns, the rest are left in {@code items} (a sliced release's seed stops at a batch).
   *
   * @throws CruddurException as {@link #write(Iterator, LongConsumer)}
   */
  public Result write(
      Iterator<Map<String, AttributeValue>> items, LongConsumer progress, BooleanSupplier stop) {
    long start = System.nanoTime();
    long deadline = start + settings.deadline().toNanos();
    BlockingQueue<List<Map<String, AttributeValue>>> queue =
        new ArrayBlockingQueue<>(settings.parallelism() * 2);
    ExecutorService workers =
        Executors.newFixedThreadPool(
            settings.parallelism(),
            r -> {
              Thread t = new Thread(r, "batch-writer");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < settings.parallelism(); i++) {
      workers.execute(() -> work(queue, deadline, progress));
    }
    try {
      List<Map<String, AttributeValue>> batch = new ArrayList<>(BATCH_SIZE);
      while (items.hasNext() && failure.get() == null) {
        batch.add(items.next());
        if (batch.size() == BATCH_SIZE) {
          queue.put(batch);
          batch = new ArrayList<>(BATCH_SIZE);
          if (stop.getAsBoolean()) {
            break;
          }
        }
      }
      if (!batch.isEmpty() && failure.get() == null) {
        queue.put(batch);
      }
      for (int i = 0; i < settings.parallelism(); i++) {
        queue.put(POISON);
      }
      workers.shutdown();
      while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
        // workers end by the deadline at the latest
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
      throw CruddurException.of(
          ErrorCode.INTERRUPTED,
          "interrupted while writing to " + table,
          "Rerun; the write is idempotent",
          e);
    }
    RuntimeException fatal = failure.get();
    if (fatal != null) {
      throw fatal;
    }
    Result result =
        new Result(
            written.get(),
            requests.get(),
            unprocessedRetries.get(),
            throttledRetries.get(),
            backoffMillis.get(),
            (System.nanoTime() - start) / 1_000_000);
    LOG.fine(() -> "batch write to " + table + ": " + result);
    if (notLanded.get() > 0) {
      throw new CruddurException(
          ErrorCode.WRITE_INCOMPLETE,
          notLanded.get()
              + " items did not land in "
              + table
              + " within "
              + settings.deadline().toSeconds()
              + " s ("
              + written.get()
              + " did; "
              + unprocessedRetries.get()
              + " unprocessed and "
              + throttledRetries.get()
              + " throttled re-sends)",
          "The table is throttling: rerun later (the write is idempotent), or raise its capacity");
    }
    return result;
  }

  private void work(
      BlockingQueue<List<Map<String, AttributeValue>>> queue,
      long deadline,
      LongConsumer progress) {
    while (true) {
      List<Map<String, AttributeValue>> batch;
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (batch == POISON) {
        return;
      }
      if (failure.get() != null) {
        continue; // drain: the producer stops feeding once it sees the failure
      }
      try {
        send(batch, deadline, progress);
      } catch (RuntimeException e) {
        failure.compareAndSet(
            null,
            e instanceof SdkException sdk
                ? AwsErrors.translate(sdk, "writing to " + table, "DynamoDB")
                : e);
      }
    }
  }

  private void send(List<Map<String, AttributeValue>> batch, long deadline, LongConsumer progress) {
    List<WriteRequest> pending = new ArrayList<>(batch.size());
    for (Map<String, AttributeValue> item : batch) {
      pending.add(
          WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    int attempt = 0;
    while (!pending.isEmpty()) {
      if (attempt > 0 && System.nanoTime() > deadline) {
        notLanded.addAndGet(pending.size());
        return;
      }
      try {
        List<WriteRequest> sent = pending;
        BatchWriteItemResponse response =
            dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, sent)));
        requests.incrementAndGet();
        List<WriteRequest> unprocessed =
            response.hasUnprocessedItems()
                ? response.unprocessedItems().getOrDefault(table, List.of())
                : List.of();
        long landed = sent.size() - unprocessed.size();
        progress.accept(written.addAndGet(landed));
        if (!unprocessed.isEmpty()) {
          unprocessedRetries.incrementAndGet();
          attempt++;
          backoff(attempt);
        }
        pending = unprocessed;
      } catch (ProvisionedThroughputExceededException e) {
        // the SDK's own retries are spent: keep re-sending the whole batch, slower, until the
        // deadline
        requests.incrementAndGet();
        throttledRetries.incrementAndGet();
        attempt++;
        backoff(attempt);
      } catch (SdkException e) {
        if (Throttling.is(e)) {
          requests.incrementAndGet();
          throttledRetries.incrementAndGet();
          attempt++;
          backoff(attempt);
        } else {
          throw e;
        }
      }
    }
  }

  private void backoff(int attempt) {
    backoffMillis.addAndGet(
        new Backoff(settings.baseBackoff(), settings.maxBackoff()).sleep(attempt));
  }
}
