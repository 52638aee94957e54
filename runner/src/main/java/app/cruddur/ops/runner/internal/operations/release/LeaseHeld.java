package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.ledger.ReleaseLease;
import java.time.Duration;

/** A live lease of another release keeps this one out (exit 5, or a wait). */
final class LeaseHeld extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ReleaseLease.State lease;

  LeaseHeld(ReleaseLease.State lease) {
    super(null, null, false, false);
    this.lease = lease;
  }

  CruddurException error(Duration waited) {
    return CruddurException.of(
        ErrorCode.LOCK_HELD,
        "the release of "
            + lease.owner()
            + " is in progress (slice "
            + lease.slices()
            + " since "
            + lease.takenAt()
            + lease.step().map(s -> ", at " + s).orElse("")
            + "; its lease runs until "
            + lease.expiresAt()
            + ")"
            + (waited.isZero() ? "" : " (still, after waiting " + waited.toSeconds() + " s)"),
        "Let it finish (cruddur status shows it), or queue behind it with --wait 30m; a lease"
            + " whose slices died lapses at its expiry and the next release takes it over");
  }
}
