package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.internal.dynamo.migration.ConditionalWriter.Outcome;
import app.cruddur.ops.runner.internal.dynamo.migration.ConditionalWriter.Written;
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
 * pool and waited for, then the page recorded in the {@link SegmentLog} (position and counts
 * together) before the next is read. A page whose writes did not all finish, or that was left
 * part-way (its segment's {@code keepGoing} said stop: a deadline, a lease lost), is not recorded:
 * a resumed run reads it again and finds its written items already done. Nothing is written in a
 * dry run (no log).
 */
final class SegmentPass {
  private static final Logger LOG = Logger.getLogger(SegmentPass.class.getName());

  private final String table;
  private final int segmentCount;
  private final PageReader reader;
  private final ItemPlanner planner;
  private final ConditionalWriter writer;
  private final ExecutorService writers;
  private final Optional<SegmentLog> log;
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
      Optional<SegmentLog> log,
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
    this.log = log;
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

  /**
   * Reads, plans and writes {@code work}'s segment from its position, page by page, to its end or
   * until it is told to stop.
   *
   * @return true when the segment's last page was recorded
   */
  boolean run(SegmentSource.SegmentWork work) throws InterruptedException, CheckpointException {
    Checkpoints.Segment segment = work.state();
    Optional<Map<String, AttributeValue>> position = segment.position();
    RecentMoves moved = new RecentMoves();
    do {
      if (!work.keepGoing().getAsBoolean()) {
        return false;
      }
      PageReader.Page page = reader.read(segment.segment(), segmentCount, position);
      pages.incrementAndGet();
      if (log.isPresent()) {
        log.get().pageRead(segment.segment(), position, page.items().size());
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
      boolean leftPartWay = false;
      for (Map<String, AttributeValue> item : page.items()) {
        if (fatal.get() != null) {
          return false;
        }
        if (!work.keepGoing().getAsBoolean()) {
          leftPartWay = true;
          break;
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
      if (fatal.get() != null || leftPartWay) {
        return false; // this page is not recorded: a resumed run reads it again, its written items
        // are already done
      }
      MigrationCounts pageCounts = tally.snapshot();
      position = page.next();
      if (log.isPresent() && !log.get().pageDone(segment.segment(), position, pageCounts)) {
        return false; // another worker holds the segment now: it reads this page again
      }
      total.add(pageCounts);
      moved.pageDone();
      if (position.isPresent() && (stopped.get() || stop.getAsBoolean())) {
        stopped.set(true); // recorded above: the next run resumes this segment from here
        return false;
      }
    } while (position.isPresent());
    return true;
  }

  /** One more item's outcome is known: the progress counts items written, not items read. */
  private void itemDone() {
    progress.accept(done.incrementAndGet());
  }

  private CompletableFuture<Void> submit(
      ItemPlan plan, Map<String, AttributeValue> item, Tally tally, RecentMoves moved) {
    Map<String, AttributeValue> after = ItemPlan.after(plan, item);
    if (log.isEmpty()) {
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
