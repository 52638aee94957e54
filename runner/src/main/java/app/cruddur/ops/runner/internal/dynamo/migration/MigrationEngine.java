package app.cruddur.ops.runner.internal.dynamo.migration;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs a migration over a table: the selected items read page by page (a parallel scan's segments,
 * or one query), each item planned, the changes written conditionally by a pool of writers under
 * the write budget, and each segment's position and counts checkpointed after every page whose
 * writes all finished. Memory stays flat: a page per active segment, whatever the size of the
 * table. A dry run reads and plans the same way and writes nothing, checkpoints included.
 *
 * <p>Longer than our usual class on purpose: its settings, job, result and one pass over whatever
 * segments a source hands out (one process's queue, or a distributed worker's claims) belong
 * together; the pass is the one place that owns the reader and writer pools.
 */
public final class MigrationEngine {

  /**
   * How the engine runs.
   *
   * @param scanThreads segments read at once (at most the segment count)
   * @param writers writes in flight at once
   * @param pageLimit items a page at most (empty: DynamoDB's 1 MB pages)
   * @param writer retries of throttled writes
   */
  public record Settings(
      int scanThreads, int writers, OptionalInt pageLimit, ConditionalWriter.Settings writer) {
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
      return new Settings(
          scanThreads,
          writers,
          pageLimit,
          new ConditionalWriter.Settings(
              writer.backoff(), deadline, writer.transactionsInFlight()));
    }

    /**
     * Moves one at a time: for moto, which rolls a cancelled transaction back by restoring the
     * whole table as it was when the transaction began, undoing every write that landed meanwhile.
     */
    public Settings withOneTransactionAtATime() {
      return new Settings(
          scanThreads,
          writers,
          pageLimit,
          new ConditionalWriter.Settings(writer.backoff(), writer.deadline(), 1));
    }
  }

  /**
   * What the engine reports as it goes.
   *
   * @param progress items done so far, written or found done, skipped or failed (of the estimate
   *     given to {@link #run})
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
  public record Job(
      DynamoDbClient dynamo,
      String table,
      String partitionKey,
      String sortKey,
      MigrationSpec spec,
      WriteLimiter budget,
      ToDoubleFunction<ItemPlan> cost) {}

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
   * @param stopped true when it stopped at a page boundary before its end (asked to by {@code
   *     stop}): its checkpoints say where, and the run is resumable
   */
  public record Result(
      Optional<UUID> runId,
      MigrationCounts counts,
      int segments,
      int segmentsFinishedBefore,
      long pagesRead,
      long requests,
      long throttledRetries,
      long backoffMillis,
      Map<String, Long> throttleReasons,
      List<ItemSamples.Sample> changes,
      List<ItemSamples.Sample> problems,
      long elapsedMillis,
      String budget,
      boolean stopped) {}

  private final Job job;
  private final Settings settings;
  private final Listener listener;

  public MigrationEngine(Job job, Settings settings, Listener listener) {
    this.job = job;
    this.settings = settings;
    this.listener = listener;
  }

  /**
   * Runs (or resumes) {@code run}, checkpointing every page in {@code checkpoints}; once {@code
   * stop} says so (a slice's deadline), each segment under way stops after the page it
   * checkpointed, and the run stays resumable.
   *
   * @param actor who reads, for the read log
   */
  public Result run(
      Checkpoints checkpoints, Checkpoints.Run run, String actor, BooleanSupplier stop) {
    List<Checkpoints.Segment> todo = new ArrayList<>();
    for (int s = 0; s < run.segments(); s++) {
      Checkpoints.Segment state =
          s < run.state().size()
              ? run.state().get(s)
              : new Checkpoints.Segment(s, Optional.empty(), false, MigrationCounts.ZERO);
      if (!state.finished()) {
        todo.add(state);
      }
    }
    Pass pass =
        execute(
            SegmentSource.queue(todo, () -> true),
            Optional.of(checkpoints.log(run.runId(), actor)),
            run.segments(),
            run.counts().scanned(),
            stop);
    MigrationCounts counts;
    try {
      if (!pass.stopped()) {
        checkpoints.finish(run.runId());
      }
      counts = checkpoints.run(run.runId()).counts();
    } catch (SQLException e) {
      throw checkpointFailure(new CheckpointException(e.getMessage(), e));
    }
    return pass.result(
        Optional.of(run.runId()), counts, run.segments(), run.segments() - todo.size());
  }

  /** Reads and plans every selected item, writing nothing, in {@code segments} segments. */
  public Result dryRun(int segments) {
    int segmentCount = scan() ? segments : 1;
    List<Checkpoints.Segment> all = new ArrayList<>();
    for (int s = 0; s < segmentCount; s++) {
      all.add(new Checkpoints.Segment(s, Optional.empty(), false, MigrationCounts.ZERO));
    }
    Pass pass =
        execute(
            SegmentSource.queue(all, () -> true), Optional.empty(), segmentCount, 0, () -> false);
    return pass.result(Optional.empty(), pass.counts(), segmentCount, 0);
  }

  private boolean scan() {
    return job.spec().selection() instanceof MigrationSpec.Scan;
  }

  /**
   * What one process's pass did.
   *
   * @param counts the counts of the pages it recorded
   * @param segmentsFinished segments whose last page it recorded
   * @param stopped it stopped at a page boundary before its end, as {@code stop} asked
   */
  record Pass(
      MigrationCounts counts,
      int segmentsFinished,
      long pagesRead,
      long requests,
      long throttledRetries,
      long backoffMillis,
      Map<String, Long> throttleReasons,
      List<ItemSamples.Sample> changes,
      List<ItemSamples.Sample> problems,
      long elapsedMillis,
      String budget,
      boolean stopped) {

    /** The result of a run whose whole counts are {@code counts}. */
    Result result(
        Optional<UUID> runId, MigrationCounts counts, int segments, int segmentsFinishedBefore) {
      return new Result(
          runId,
          counts,
          segments,
          segmentsFinishedBefore,
          pagesRead,
          requests,
          throttledRetries,
          backoffMillis,
          throttleReasons,
          changes,
          problems,
          elapsedMillis,
          budget,
          stopped);
    }
  }

  /**
   * Works the segments {@code source} hands out, on {@link Settings#scanThreads()} reader threads
   * and {@link Settings#writers()} writers, recording pages in {@code log} (none: a dry run, which
   * writes nothing).
   *
   * @param segmentCount the scan's total segments
   * @param doneBefore items whose outcome earlier passes recorded (for progress)
   * @param stop once true (a slice's deadline), each segment under way stops after the page it
   *     recorded and no other is started
   * @throws MigrationStopped when the pass could not go on (checkpoints, throttling, selection)
   */
  Pass execute(
      SegmentSource source,
      Optional<SegmentLog> log,
      int segmentCount,
      long doneBefore,
      BooleanSupplier stop) {
    long start = System.nanoTime();
    ItemPlanner planner = job.spec().planner();
    PageReader reader =
        new PageReader(
            job.dynamo(),
            job.table(),
            job.spec().selection(),
            settings.pageLimit(),
            settings.writer());
    ConditionalWriter writer =
        new ConditionalWriter(
            job.dynamo(),
            job.table(),
            job.partitionKey(),
            job.sortKey(),
            planner,
            job.budget(),
            job.cost(),
            settings.writer(),
            listener.notices());
    AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    AtomicInteger finished = new AtomicInteger();
    int threads = Math.max(1, Math.min(settings.scanThreads(), segmentCount));
    ExecutorService readers = Executors.newFixedThreadPool(threads, daemon("migration-segment"));
    ExecutorService writers =
        Executors.newFixedThreadPool(Math.max(1, settings.writers()), daemon("migration-writer"));
    SegmentPass pass =
        new SegmentPass(
            job.table(),
            segmentCount,
            reader,
            planner,
            writer,
            writers,
            log,
            doneBefore,
            listener.progress(),
            fatal,
            stop);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            readers.submit(
                () -> {
                  try {
                    Optional<SegmentSource.SegmentWork> work;
                    while (fatal.get() == null
                        && !pass.stopped()
                        && (work = source.next()).isPresent()) {
                      boolean done = pass.run(work.get());
                      if (done) {
                        finished.incrementAndGet();
                      }
                      source.ended(work.get(), done);
                    }
                  } catch (RuntimeException e) {
                    fatal.compareAndSet(null, e);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fatal.compareAndSet(null, new IllegalStateException("interrupted", e));
                  } catch (CheckpointException e) {
                    fatal.compareAndSet(null, checkpointFailure(e));
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
    Map<String, Long> reasons = new LinkedHashMap<>();
    writer.throttleReasons.forEach((k, v) -> reasons.put(k, v.get()));
    return new Pass(
        pass.total(),
        finished.get(),
        pass.pagesRead(),
        writer.requests.get(),
        writer.throttledRetries.get(),
        writer.backoffMillis.get(),
        reasons,
        pass.changes(),
        pass.problems(),
        (System.nanoTime() - start) / 1_000_000,
        job.budget().toString(),
        pass.stopped());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  static MigrationStopped checkpointFailure(CheckpointException cause) {
    return new MigrationStopped(
        MigrationStopped.Why.CHECKPOINTS,
        "the migration's checkpoints could not be written: " + cause.getMessage(),
        cause.getCause());
  }
}
