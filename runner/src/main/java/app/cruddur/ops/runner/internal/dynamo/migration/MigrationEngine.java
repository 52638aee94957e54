package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.internal.dynamo.migration.ConditionalWriter.Outcome;
import app.cruddur.ops.runner.internal.dynamo.migration.ConditionalWriter.Written;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Runs a migration over a table: the selected items read page by page (a parallel scan's
 * segments, or one query), each item planned, the changes written conditionally by a pool of
 * writers under the write budget, and each segment's position and counts checkpointed after every
 * page whose writes all finished. Memory stays flat: a page per active segment, whatever the size
 * of the table. A dry run reads and plans the same way and writes nothing, checkpoints included.
 */
public final class MigrationEngine {
  private static final Logger LOG = Logger.getLogger(MigrationEngine.class.getName());

  /**
   * How the engine runs.
   *
   * @param scanThreads segments read at once (at most the segment count)
   * @param writers writes in flight at once
   * @param pageLimit items a page at most (empty: DynamoDB's 1 MB pages)
   * @param writer retries of throttled writes
   */
  public record Settings(int scanThreads, int writers, OptionalInt pageLimit, ConditionalWriter.Settings writer) {
    /** Eight segments read at once, sixteen writes in flight, 1 MB pages. */
    public static Settings defaults() {
      return new Settings(8, 16, OptionalInt.empty(), ConditionalWriter.Settings.DEFAULT);
    }

    public Settings withPageLimit(int limit) {
      return new Settings(scanThreads, writers, OptionalInt.of(limit), writer);
    }

    public Settings withWriters(int n) {
      return new Settings(scanThreads, n, pageLimit, writer);
    }

    public Settings withWriterDeadline(Duration deadline) {
      return new Settings(scanThreads, writers, pageLimit,
          new ConditionalWriter.Settings(writer.backoff(), deadline, writer.transactionsInFlight()));
    }

    /**
     * Moves one at a time: for moto, which rolls a cancelled transaction back by restoring the whole
     * table as it was when the transaction began, undoing every write that landed meanwhile.
     */
    public Settings withOneTransactionAtATime() {
      return new Settings(scanThreads, writers, pageLimit,
          new ConditionalWriter.Settings(writer.backoff(), writer.deadline(), 1));
    }
  }

  /**
   * What the engine reports as it goes.
   *
   * @param progress items read so far (of the estimate given to {@link #run})
   * @param notices throttling and other things worth telling the operator
   */
  public record Listener(Consumer<Long> progress, Consumer<String> notices) {
    public static final Listener NONE = new Listener(n -> {}, n -> {});
  }

  /**
   * A migration of one table.
   *
   * @param dynamo the client
   * @param table the table
   * @param partitionKey its HASH key
   * @param sortKey its RANGE key
   * @param spec the migration
   * @param budget the write budget
   * @param cost write units of a plan, as the budget counts them
   */
  public record Job(DynamoDbClient dynamo, String table, String partitionKey, String sortKey, MigrationSpec spec,
      WriteBudget budget, ToDoubleFunction<ItemPlan> cost) {}

  /**
   * What a run did.
   *
   * @param runId the checkpointed run (empty for a dry run)
   * @param counts the counts of the whole run, resumed segments' earlier pages included
   * @param segments how many segments
   * @param segmentsFinishedBefore segments a resumed run found finished and did not read
   * @param pagesRead pages this process read
   * @param requests write and re-read requests
   * @param throttledRetries writes retried after throttling
   * @param backoffMillis time spent backing off, summed over writers
   * @param throttleReasons how often each throttling reason was met
   * @param changes a few items changed (before and after)
   * @param problems a few items failed or changed by someone else, with why
   * @param elapsedMillis wall time of this process's part
   * @param budget the budget at the end ("250/s of 500/s (50% of …)")
   */
  public record Result(Optional<UUID> runId, MigrationCounts counts, int segments, int segmentsFinishedBefore, long pagesRead,
      long requests, long throttledRetries, long backoffMillis, Map<String, Long> throttleReasons,
      List<ItemSamples.Sample> changes, List<ItemSamples.Sample> problems, long elapsedMillis, String budget) {}

  private final Job job;
  private final Settings settings;
  private final Listener listener;

  public MigrationEngine(Job job, Settings settings, Listener listener) {
    this.job = job;
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Runs (or resumes) {@code run}, checkpointing every page in {@code checkpoints}.
   *
   * @param actor who reads, for the read log
   */
  public Result run(Checkpoints checkpoints, Checkpoints.Run run, String actor) {
    return execute(Optional.of(new Checkpointed(checkpoints, run, actor)), run.segments());
  }

  /** Reads and plans every selected item, writing nothing, in {@code segments} segments. */
  public Result dryRun(int segments) {
    return execute(Optional.empty(), segments);
  }

  private record Checkpointed(Checkpoints store, Checkpoints.Run run, String actor) {}

  private Result execute(Optional<Checkpointed> checkpointed, int segments) {
    long start = System.nanoTime();
    boolean scan = job.spec().selection() instanceof MigrationSpec.Scan;
    int segmentCount = scan ? segments : 1;
    ItemPlanner planner = job.spec().planner();
    ConditionalWriter writer = new ConditionalWriter(job.dynamo(), job.table(), job.partitionKey(), job.sortKey(), planner,
        job.budget(), job.cost(), settings.writer(), listener.notices());
    Tally total = new Tally();
    MigrationCounts before = checkpointed.map(c -> c.run().counts()).orElse(MigrationCounts.ZERO);
    AtomicLong read = new AtomicLong(before.scanned());
    AtomicLong pages = new AtomicLong();
    ItemSamples changes = new ItemSamples();
    ItemSamples problems = new ItemSamples();
    AtomicReference<RuntimeException> fatal = new AtomicReference<>();

    BlockingQueue<Checkpoints.Segment> todo = new ArrayBlockingQueue<>(segmentCount);
    int finishedBefore = 0;
    List<Checkpoints.Segment> states = checkpointed.map(c -> c.run().state()).orElse(List.of());
    for (int s = 0; s < segmentCount; s++) {
      Checkpoints.Segment state = s < states.size() ? states.get(s)
          : new Checkpoints.Segment(s, Optional.empty(), false, MigrationCounts.ZERO);
      if (state.finished()) {
        finishedBefore++;
      } else {
        todo.add(state);
      }
    }
    int threads = Math.max(1, Math.min(settings.scanThreads(), todo.size()));
    ExecutorService readers = Executors.newFixedThreadPool(threads, daemon("migration-segment"));
    ExecutorService writers = Executors.newFixedThreadPool(Math.max(1, settings.writers()), daemon("migration-writer"));
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(readers.submit(() -> {
          Checkpoints.Segment segment;
          while (fatal.get() == null && (segment = todo.poll()) != null) {
            try {
              runSegment(segment, segmentCount, scan, planner, writer, writers, checkpointed, total, read, pages, changes,
                  problems, fatal);
            } catch (RuntimeException e) {
              fatal.compareAndSet(null, e);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              fatal.compareAndSet(null, new IllegalStateException("interrupted", e));
            } catch (SQLException e) {
              fatal.compareAndSet(null, new CheckpointException(e));
            }
          }
        }));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          fatal.compareAndSet(null, new IllegalStateException(e.getCause()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fatal.compareAndSet(null, new IllegalStateException("interrupted", e));
    } finally {
      readers.shutdownNow();
      writers.shutdownNow();
    }
    if (fatal.get() != null) {
      throw fatal.get();
    }
    MigrationCounts counts = before.plus(total.snapshot());
    if (checkpointed.isPresent()) {
      try {
        checkpointed.get().store().finish(checkpointed.get().run().runId());
        counts = checkpointed.get().store().run(checkpointed.get().run().runId()).counts();
      } catch (SQLException e) {
        throw new CheckpointException(e);
      }
    }
    Map<String, Long> reasons = new LinkedHashMap<>();
    writer.throttleReasons.forEach((k, v) -> reasons.put(k, v.get()));
    return new Result(checkpointed.map(c -> c.run().runId()), counts, segmentCount, finishedBefore, pages.get(),
        writer.requests.get(), writer.throttledRetries.get(), writer.backoffMillis.get(), reasons, changes.list(),
        problems.list(), (System.nanoTime() - start) / 1_000_000, job.budget().toString());
  }

  private void runSegment(Checkpoints.Segment segment, int segmentCount, boolean scan, ItemPlanner planner,
      ConditionalWriter writer, ExecutorService writers, Optional<Checkpointed> checkpointed, Tally total, AtomicLong read,
      AtomicLong pages, ItemSamples changes, ItemSamples problems, AtomicReference<RuntimeException> fatal)
      throws InterruptedException, SQLException {
    Optional<Map<String, AttributeValue>> position = segment.position();
    RecentMoves moved = new RecentMoves();
    do {
      Page page = read(segment.segment(), segmentCount, scan, position);
      pages.incrementAndGet();
      if (checkpointed.isPresent()) {
        Checkpointed c = checkpointed.get();
        c.store().pageRead(c.run().runId(), segment.segment(), position, page.items().size(), c.actor());
      }
      int segmentNumber = segment.segment();
      Optional<Map<String, AttributeValue>> from = position;
      LOG.fine(() -> job.table() + " segment " + segmentNumber + "/" + segmentCount + ": read " + page.items().size()
          + " items from " + from.map(Checkpoints::toJson).orElse("the start"));
      Tally tally = new Tally();
      List<CompletableFuture<Void>> inFlight = new ArrayList<>();
      for (Map<String, AttributeValue> item : page.items()) {
        if (fatal.get() != null) {
          return;
        }
        if (moved.isOurs(item)) {
          continue; // an item this run moved, met again at its new key: not a second item
        }
        ItemPlan plan = planner.checkedPlan(item);
        if (plan instanceof ItemPlan.Skip) {
          tally.add(Outcome.SKIPPED);
        } else if (plan instanceof ItemPlan.Unchanged) {
          tally.add(Outcome.ALREADY_DONE);
        } else if (plan instanceof ItemPlan.Failed f) {
          tally.add(Outcome.FAILED);
          problems.offer(item, null, "failed: " + f.reason());
        } else {
          inFlight.add(submit(plan, item, writer, writers, checkpointed, tally, moved, changes, problems, fatal));
        }
      }
      for (CompletableFuture<Void> f : inFlight) {
        try {
          f.get();
        } catch (ExecutionException e) {
          fatal.compareAndSet(null, e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
        }
      }
      if (fatal.get() != null) {
        return; // this page is not checkpointed: a resumed run reads it again, its written items are already done
      }
      MigrationCounts pageCounts = tally.snapshot();
      total.changed.addAndGet(pageCounts.changed());
      total.alreadyDone.addAndGet(pageCounts.alreadyDone());
      total.skipped.addAndGet(pageCounts.skipped());
      total.changedElsewhere.addAndGet(pageCounts.changedElsewhere());
      total.failed.addAndGet(pageCounts.failed());
      position = page.next();
      if (checkpointed.isPresent()) {
        Checkpointed c = checkpointed.get();
        c.store().pageDone(c.run().runId(), segment.segment(), position, pageCounts);
      }
      moved.pageDone();
      listener.progress().accept(read.addAndGet(pageCounts.scanned()));
    } while (position.isPresent());
  }

  private CompletableFuture<Void> submit(ItemPlan plan, Map<String, AttributeValue> item, ConditionalWriter writer,
      ExecutorService writers, Optional<Checkpointed> checkpointed, Tally tally, RecentMoves moved, ItemSamples changes,
      ItemSamples problems, AtomicReference<RuntimeException> fatal) {
    Map<String, AttributeValue> after = ItemPlan.after(plan, item);
    if (checkpointed.isEmpty()) {
      tally.add(Outcome.CHANGED);
      changes.offer(item, after, plan instanceof ItemPlan.Move ? "moved" : "");
      return CompletableFuture.completedFuture(null);
    }
    if (plan instanceof ItemPlan.Move) {
      moved.add(after); // before the write: the scan may meet the new key before the write's answer is back
    }
    return CompletableFuture.runAsync(() -> {
      if (fatal.get() != null) {
        return;
      }
      try {
        Written w = writer.write(plan);
        tally.add(w.outcome());
        if (w.outcome() == Outcome.CHANGED) {
          changes.offer(item, after, plan instanceof ItemPlan.Move ? "moved" : "");
        } else if (w.outcome() == Outcome.FAILED || w.outcome() == Outcome.CHANGED_ELSEWHERE) {
          problems.offer(item, w.current(), (w.outcome() == Outcome.FAILED ? "failed: " : "changed by someone else: ") + w.note());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fatal.compareAndSet(null, new IllegalStateException("interrupted", e));
      } catch (RuntimeException e) {
        fatal.compareAndSet(null, e);
      }
    }, writers);
  }

  private OptionalInt pageLimit(MigrationSpec.Selection selection) {
    return selection.pageSize().isPresent() ? selection.pageSize() : settings.pageLimit();
  }

  private record Page(List<Map<String, AttributeValue>> items, Optional<Map<String, AttributeValue>> next) {}

  private Page read(int segment, int segmentCount, boolean scan, Optional<Map<String, AttributeValue>> from) {
    MigrationSpec.Selection selection = job.spec().selection();
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    selection.values().forEach((k, v) -> values.put(k, AttributeValue.fromS(v)));
    Map<String, String> names = selection.names().isEmpty() ? null : selection.names();
    Map<String, AttributeValue> expressionValues = values.isEmpty() ? null : values;
    Integer limit = pageLimit(selection).isPresent() ? pageLimit(selection).getAsInt() : null;
    try {
      if (scan) {
        ScanResponse r = job.dynamo().scan(b -> b.tableName(job.table()).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
            .segment(segmentCount > 1 ? segment : null).totalSegments(segmentCount > 1 ? segmentCount : null)
            .exclusiveStartKey(from.orElse(null)).filterExpression(selection.filter().orElse(null))
            .expressionAttributeNames(names).expressionAttributeValues(expressionValues).limit(limit));
        return new Page(r.items(), next(r.hasLastEvaluatedKey(), r.lastEvaluatedKey()));
      }
      MigrationSpec.Query q = (MigrationSpec.Query) selection;
      QueryResponse r = job.dynamo().query(b -> b.tableName(job.table()).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
          .keyConditionExpression(q.keyCondition()).indexName(q.index().orElse(null))
          .exclusiveStartKey(from.orElse(null)).filterExpression(q.filter().orElse(null))
          .expressionAttributeNames(names).expressionAttributeValues(expressionValues).limit(limit));
      return new Page(r.items(), next(r.hasLastEvaluatedKey(), r.lastEvaluatedKey()));
    } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
      if (e.statusCode() == 400 && e.awsErrorDetails() != null && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
        throw new SelectionRejectedException(e.awsErrorDetails().errorMessage(), e);
      }
      throw e;
    }
  }

  private static Optional<Map<String, AttributeValue>> next(boolean has, Map<String, AttributeValue> lastEvaluatedKey) {
    return has && !lastEvaluatedKey.isEmpty() ? Optional.of(lastEvaluatedKey) : Optional.empty();
  }

  /**
   * The keys this segment moved items to in its last pages: a scan that goes on meets those items
   * again (a canonical sort key usually sorts right after the form it replaces), and they are
   * neither new items nor work to count twice. Bounded: keys older than two pages are forgotten
   * (an item met again later counts as already done).
   */
  private static final class RecentMoves {
    private final Map<Map<String, AttributeValue>, Integer> keys = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private int page;

    void add(Map<String, AttributeValue> item) {
      keys.put(item, page);
    }

    boolean isOurs(Map<String, AttributeValue> item) {
      return keys.remove(item) != null;
    }

    void pageDone() {
      page++;
      synchronized (keys) {
        keys.values().removeIf(p -> p < page - 2);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** DynamoDB refused the selection (a filter or key condition that does not parse): the step file's fault. */
  public static final class SelectionRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SelectionRejectedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The checkpoint store could not be read or written. */
  public static final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckpointException(SQLException cause) {
      super("the migration's checkpoints could not be written: " + cause.getMessage(), cause);
    }
  }
}
