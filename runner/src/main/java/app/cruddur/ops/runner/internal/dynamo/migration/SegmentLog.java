package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a pass records each segment's pages: every page read (the read log) and every page whose
 * items were all handled (the segment's new position and the page's counts, together). A run's rows
 * in PostgreSQL beside the ledger ({@link Checkpoints}), or a distributed run's items in its
 * control table ({@link ControlTable}), where a page is recorded only while its worker still holds
 * the segment's lease.
 */
interface SegmentLog {
  /** A page of {@code segment} starting at {@code from} was read: {@code items} items. */
  void pageRead(int segment, Optional<Map<String, AttributeValue>> from, int items)
      throws CheckpointException;

  /**
   * Moves {@code segment} past a page whose every item was handled: its new position (empty when
   * the segment is finished) and the page's counts.
   *
   * @return false when the segment is no longer this process's to record (its lease was taken
   *     over): the pass leaves it
   */
  boolean pageDone(int segment, Optional<Map<String, AttributeValue>> next, MigrationCounts page)
      throws CheckpointException;
}
