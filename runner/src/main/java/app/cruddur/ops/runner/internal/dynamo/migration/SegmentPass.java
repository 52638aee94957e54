package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.internal.dynamo.migration.ConditionalWriter.Outcome;
import app.cruddur.ops.runner.internal.dynamo.migration.ConditionalWriter.Written;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One pass of a migration over its segments, shared by the threads that read them: each segment
 * read page by page from its position, each item planned, the writes of a page sent to the writer
 * pool and waited for, then the page checkpointed (position and counts in one statement) before the
 * next is read. A page whose writes did not all finish is not checkpointed: a resumed run reads it
 * again and finds its written items already done. Nothing is written in a dry run.
 */
final class SegmentPass {
  private static final Logger LOG = Logger.getLogger(SegmentPass.class.getName());

  /** Where a real run checkpoints, and who it is for the read log (absent in a dry run). */
  record Checkpointed(Checkpoints store, Checkpoints.Run run, String actor) {}

  private final String table;
  private final int segmentCount;
  private final PageReader reader;
  private final ItemPlanner planner;
  private final ConditionalWriter writer;
  private final ExecutorService writers;
  private final Optional<Checkpointed> checkpointed;
  private final Consumer<Long> progress;
  private final AtomicReference<RuntimeException> fatal;
  private final BooleanSupplier stop;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Tally total = new Tally();

  /** Items whose outcome is known (written, or found done, skipped or failed), runs before too. */
  private final AtomicLong done;

  private final AtomicLong pages = new AtomicLong();
  private final ItemSamples changes = new ItemSamples();
  private final ItemSamples problems = new ItemSamples();

  SegmentPass(
      String table,
      int segmentCount,
      PageReader reader,
      ItemPlanner planner,
      ConditionalWriter writer,
      ExecutorService writers,
      Optional<Checkpointed> checkpointed,
      long readBefore,
      Consumer<Long> progress,
      AtomicReference<RuntimeException> fatal,
      BooleanSupplier stop) {
    this.table = table;
    this.segmentCount = segmentCount;
    this.reader = reader;
    this.planner = planner;
    this.writer = writer;
    this.writers = writers;
    this.checkpointed = checkpointed;
    this.done = new AtomicLong(readBefore);
    this.progress = progress;
    this.fatal = fatal;
    this.stop = stop;
  }

  /** True once a segment stopped at a page boundary because {@code stop} said so. */
  boolean stopped() {
    return stopped.get();
  }

  /** What this pass did (pages checkpointed by it only). */
  MigrationCounts total() {
    return total.snapshot();
  }

  long pagesRead() {
    return pages.get();
  }

  List<ItemSamples.Sample> changes() {
    return changes.list();
  }

  List<ItemSamples.Sample> problems() {
    return problems.list();
  }

  /** Reads, plans and writes {@code segment} from its position to its end, page by page. */
  void run(Checkpoints.Segment segment) throws InterruptedException, SQLException {
    Optional<Map<String, AttributeValue>> position = segment.position();
    RecentMoves moved = new RecentMoves();
    do {
      PageReader.Page page = reader.read(segment.segment(), segmentCount, position);
      pages.incrementAndGet();
      if (checkpointed.isPresent()) {
        Checkpointed c = checkpointed.get();
        c.store()
            .pageRead(c.run().runId(), segment.segment(), position, page.items().size(), c.actor());
      }
      int segmentNumber = segment.segment();
      Optional<Map<String, AttributeValue>> from = position;
      LOG.fine(
          () ->
              table
                  + " segment "
                  + segmentNumber
                  + "/"
                  + segmentCount
                  + ": read "
                  + page.items().size()
                  + " items from "
                  + from.map(Checkpoints::toJson).orElse("the start"));
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
          itemDone();
        } else if (plan instanceof ItemPlan.Unchanged) {
          tally.add(Outcome.ALREADY_DONE);
          itemDone();
        } else if (plan instanceof ItemPlan.Failed f) {
          tally.add(Outcome.FAILED);
          problems.offer(item, null, "failed: " + f.reason());
          itemDone();
        } else {
          inFlight.add(submit(plan, item, tally, moved));
        }
      }
      for (CompletableFuture<Void> f : inFlight) {
        try {
          f.get();
        } catch (ExecutionException e) {
          fatal.compareAndSet(
              null,
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(e.getCause()));
        }
      }
      if (fatal.get() != null) {
        return; // this page is not checkpointed: a resumed run reads it again, its written items
        // are already done
      }
      MigrationCounts pageCounts = tally.snapshot();
      total.add(pageCounts);
      position = page.next();
      if (checkpointed.isPresent()) {
        Checkpointed c = checkpointed.get();
        c.store().pageDone(c.run().runId(), segment.segment(), position, pageCounts);
      }
      moved.pageDone();
      if (position.isPresent() && (stopped.get() || stop.getAsBoolean())) {
        stopped.set(true); // checkpointed above: the next run resumes this segment from here
        return;
      }
    } while (position.isPresent());
  }

  /** One more item's outcome is known: the progress counts items written, not items read. */
  private void itemDone() {
    progress.accept(done.incrementAndGet());
  }

  private CompletableFuture<Void> submit(
      ItemPlan plan, Map<String, AttributeValue> item, Tally tally, RecentMoves moved) {
    Map<String, AttributeValue> after = ItemPlan.after(plan, item);
    if (checkpointed.isEmpty()) {
      tally.add(Outcome.CHANGED);
      changes.offer(item, after, plan instanceof ItemPlan.Move ? "moved" : "");
      itemDone();
      return CompletableFuture.completedFuture(null);
    }
    if (plan instanceof ItemPlan.Move) {
      moved.add(
          after); // before the write: the scan may meet the new key before the write's answer is
      // back
    }
    return CompletableFuture.runAsync(
        () -> {
          if (fatal.get() != null) {
            return;
          }
          try {
            Written w = writer.write(plan);
            tally.add(w.outcome());
            itemDone();
            if (w.outcome() == Outcome.CHANGED) {
              changes.offer(item, after, plan instanceof ItemPlan.Move ? "moved" : "");
            } else if (w.outcome() == Outcome.FAILED || w.outcome() == Outcome.CHANGED_ELSEWHERE) {
              problems.offer(
                  item,
                  w.current(),
                  (w.outcome() == Outcome.FAILED ? "failed: " : "changed by someone else: ")
                      + w.note());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fatal.compareAndSet(null, new IllegalStateException("interrupted", e));
          } catch (RuntimeException e) {
            fatal.compareAndSet(null, e);
          }
        },
        writers);
  }
}
