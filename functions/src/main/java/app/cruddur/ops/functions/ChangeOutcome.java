package app.cruddur.ops.functions;

import app.cruddur.ops.model.UnreadableItem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one stream record.
 *
 * @param sequenceNumber the record's sequence number
 * @param status what was done
 * @param moves the group rows it touched, when {@link Status#APPLIED}
 * @param error why it failed, when {@link Status#MALFORMED} or {@link Status#FAILED}
 * @param unreadable group rows of the message's group that could not be read, and were left as they
 *     are (warnings: the readable rows were moved all the same)
 */
public record ChangeOutcome(
    String sequenceNumber,
    Status status,
    List<GroupRowMove> moves,
    Optional<String> error,
    List<UnreadableItem> unreadable) {
  /** The fate of a record. */
  public enum Status {
    /** A message: every group row of its group is now at this message or a newer one. */
    APPLIED,
    /** Not a message write (a group row, a deletion): nothing to do. */
    IGNORED,
    /**
     * A message of a group that a later message of the same batch, at least as new, also writes:
     * the later one moves the rows, so this one needs no reads or writes of its own.
     */
    SUPERSEDED,
    /** A message record that cannot be read: it will never succeed (a poison record). */
    MALFORMED,
    /** Reading or writing DynamoDB failed: retrying later may succeed. */
    FAILED,
    /** Not attempted, because an earlier record of the batch {@link #FAILED}. */
    SKIPPED;

    /** True for the statuses that make the record a batch item failure. */
    public boolean isFailure() {
      return this == MALFORMED || this == FAILED;
    }
  }

  public ChangeOutcome {
    Objects.requireNonNull(status, "status");
    moves = List.copyOf(moves);
    Objects.requireNonNull(error, "error");
    unreadable = List.copyOf(unreadable);
  }

  static ChangeOutcome applied(String sequenceNumber, GroupRowMover.GroupMoves moves) {
    return new ChangeOutcome(
        sequenceNumber, Status.APPLIED, moves.moves(), Optional.empty(), moves.unreadable());
  }

  static ChangeOutcome of(String sequenceNumber, Status status) {
    return new ChangeOutcome(sequenceNumber, status, List.of(), Optional.empty(), List.of());
  }

  static ChangeOutcome failed(String sequenceNumber, Status status, String error) {
    return new ChangeOutcome(sequenceNumber, status, List.of(), Optional.of(error), List.of());
  }
}
