package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * Where a pass's segments come from: a run's unfinished segments in turn (one process), or claimed
 * one at a time from a distributed run that other workers share ({@link MigrationWorker}). Called
 * by the engine's reader threads at once.
 */
interface SegmentSource {
  /** The next segment this process works, or empty when it has none left. */
  Optional<SegmentWork> next() throws InterruptedException, CheckpointException;

  /** The pass over {@code work} ended: {@code finished} when its last page was recorded. */
  default void ended(SegmentWork work, boolean finished) throws CheckpointException {}

  /**
   * One segment to work from its position, while {@code keepGoing} says so: asked before each item,
   * so a pass stops within a page (a deadline, a lease lost), leaving that page unrecorded.
   */
  record SegmentWork(Checkpoints.Segment state, BooleanSupplier keepGoing) {}

  /** {@code segments} in turn, each worked while {@code keepGoing} says so. */
  static SegmentSource queue(List<Checkpoints.Segment> segments, BooleanSupplier keepGoing) {
    ConcurrentLinkedQueue<Checkpoints.Segment> todo = new ConcurrentLinkedQueue<>(segments);
    return () ->
        keepGoing.getAsBoolean()
            ? Optional.ofNullable(todo.poll()).map(s -> new SegmentWork(s, keepGoing))
            : Optional.empty();
  }
}
