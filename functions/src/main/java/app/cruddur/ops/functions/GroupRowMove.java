package app.cruddur.ops.functions;

import java.time.Instant;
import java.util.UUID;

/**
 * What happened to one member's group row for one message.
 *
 * @param ownerUuid the member whose row it is
 * @param result moved, or left alone
 * @param lastMessageAt the row's sort key afterwards
 */
public record GroupRowMove(UUID ownerUuid, Result result, Instant lastMessageAt) {
  /** Outcome for one group row. */
  public enum Result {
    /** The row was moved to the message (old sort key deleted, new row put, in one transaction). */
    MOVED,
    /** The row already shows this message or a newer one: a redelivered or older record. */
    ALREADY_CURRENT,
    /** The row disappeared while it was being moved (its group was deleted): nothing to do. */
    GONE
  }
}
