package app.cruddur.ops.functions;

import app.cruddur.ops.model.MalformedItemException;
import app.cruddur.ops.model.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Applies a batch of stream records of the messages table, in stream order.
 *
 * <ul>
 *   <li>Records that are not message writes (group rows, including those the mover writes, and
 *       deletions) are {@linkplain ChangeOutcome.Status#IGNORED ignored}.
 *   <li>Messages are read whatever ISO-8601 form their sort key has (the Cruddur app writes it
 *       without an offset, or with its machine's), and compared with the group rows by instant.
 *   <li>A group row of the message's group that cannot be read is left alone and reported with the
 *       record's outcome ({@link ChangeOutcome#unreadable()}); the other rows are moved.
 *   <li>A message record that cannot be read is {@linkplain ChangeOutcome.Status#MALFORMED
 *       malformed} and the batch goes on: later records are independent and idempotent, so one
 *       poison record does not hold back every conversation behind it while the stream retries it
 *       towards its on-failure destination.
 *   <li>When DynamoDB fails the record is {@linkplain ChangeOutcome.Status#FAILED failed} and the
 *       rest of the batch is {@linkplain ChangeOutcome.Status#SKIPPED skipped}: the table is likely
 *       throttling or unavailable, and the stream retries from that record anyway.
 * </ul>
 *
 * {@link BatchOutcome#firstFailure()} is then the checkpoint: a Lambda reports its sequence number
 * (the AWS recommendation for streams); a local poller resumes there, or past it for a malformed
 * record.
 */
public final class MessageStreamProcessor {
  private final GroupRowMover mover;

  /** A processor moving group rows with {@code mover}. */
  public MessageStreamProcessor(GroupRowMover mover) {
    this.mover = Objects.requireNonNull(mover, "mover");
  }

  /**
   * Applies {@code changes} in order; never throws for a record, each outcome says what happened. A
   * message followed in the batch by a message of the same group at least as new is {@linkplain
   * ChangeOutcome.Status#SUPERSEDED superseded}: only the newest of a group costs reads and writes,
   * so a burst of messages (a seed) costs one index query per group, not per message.
   */
  public BatchOutcome process(List<StreamChange> changes) {
    List<Optional<Message>> messages = new ArrayList<>(changes.size());
    for (StreamChange change : changes) {
      messages.add(readable(change));
    }
    Map<UUID, Instant> newestLater = new HashMap<>();
    boolean[] superseded = new boolean[changes.size()];
    for (int i = changes.size() - 1; i >= 0; i--) {
      Optional<Message> m = messages.get(i);
      if (m.isPresent()) {
        Instant newest = newestLater.get(m.get().groupUuid());
        superseded[i] = newest != null && !newest.isBefore(m.get().createdAt());
        if (newest == null || m.get().createdAt().isAfter(newest)) {
          newestLater.put(m.get().groupUuid(), m.get().createdAt());
        }
      }
    }
    List<ChangeOutcome> outcomes = new ArrayList<>(changes.size());
    boolean stopped = false;
    for (int i = 0; i < changes.size(); i++) {
      StreamChange change = changes.get(i);
      ChangeOutcome outcome;
      if (stopped) {
        outcome = ChangeOutcome.of(change.sequenceNumber(), ChangeOutcome.Status.SKIPPED);
      } else if (superseded[i]) {
        outcome = ChangeOutcome.of(change.sequenceNumber(), ChangeOutcome.Status.SUPERSEDED);
      } else {
        outcome = apply(change);
      }
      stopped |= outcome.status() == ChangeOutcome.Status.FAILED;
      outcomes.add(outcome);
    }
    return new BatchOutcome(outcomes);
  }

  /** The message a record writes, when it is a readable message write. */
  private static Optional<Message> readable(StreamChange change) {
    if (!change.isMessageWrite() || change.newImage().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Message.fromAttributes(change.newImage()));
    } catch (MalformedItemException malformed) {
      return Optional.empty();
    }
  }

  private ChangeOutcome apply(StreamChange change) {
    if (!change.isMessageWrite()) {
      return ChangeOutcome.of(change.sequenceNumber(), ChangeOutcome.Status.IGNORED);
    }
    Message message;
    try {
      if (change.newImage().isEmpty()) {
        throw new MalformedItemException(
            "the record has no new image: the table's stream view must be NEW_IMAGE");
      }
      message = Message.fromAttributes(change.newImage());
    } catch (MalformedItemException malformed) {
      return ChangeOutcome.failed(
          change.sequenceNumber(), ChangeOutcome.Status.MALFORMED, malformed.getMessage());
    }
    try {
      return ChangeOutcome.applied(change.sequenceNumber(), mover.apply(message));
    } catch (MalformedItemException malformedRow) {
      // a group row of the table that cannot be read: retrying will not help either
      return ChangeOutcome.failed(
          change.sequenceNumber(), ChangeOutcome.Status.MALFORMED, malformedRow.getMessage());
    } catch (GroupRowMoveException stuck) {
      return new ChangeOutcome(
          change.sequenceNumber(),
          ChangeOutcome.Status.FAILED,
          stuck.completed(),
          Optional.of(stuck.getMessage()),
          List.of());
    } catch (SdkException failed) {
      return ChangeOutcome.failed(
          change.sequenceNumber(), ChangeOutcome.Status.FAILED, failed.getMessage());
    }
  }
}
