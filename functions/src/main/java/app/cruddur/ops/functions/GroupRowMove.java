package app.cruddur.ops.functions;

import java.time.Instant;
import java.util.UUID;

/**
 * What happened to one member's group row for one message.
 *
 * @param ownerUuid the member whose row it is
 * @param result moved, or left alone
 * @param lastMessageAt the time of the row's latest message afterwards
 * @param sk the row's sort key afterwards: {@code lastMessageAt} in canonical form, or a few
 *     microseconds later when another group's row of the owner held that key
 */
public record GroupRowMove(UUID ownerUuid, Result result, Instant lastMessageAt, String sk) {
  /** Outcome for one group row. */
  public enum Result {
    /** The row was moved to the message (old sort key deleted, new row put, in one transaction). */
    MOVED,
    /** The row already shows this message or a newer one: a redelivered or older record. */
    ALREADY_CURRENT,
    /**
     * The member had a second row for the group (left by a writer that is not atomic) at the very
     * key the move was for: the stale one was deleted, the other is current.
     */
    DUPLICATE_REMOVED,
    /** The row disappeared while it was being moved (its group was deleted): nothing to do. */
    GONE
  }
}
