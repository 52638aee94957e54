package app.cruddur.ops.runner.internal.stores;

import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes a store lost without losing its identity: the local engine (moto) came back from a
 * snapshot that lacks the changes made from {@code since} until it was restarted at {@code
 * restartedAt} (it was killed, or the machine went down). The table and the pool are the same
 * incarnation, so their identity cannot tell; a step applied in that window may be missing in part.
 *
 * @param since the first change the restored snapshot does not have
 * @param restartedAt when the engine came back (steps applied after it are in place)
 */
public record LostWrites(Instant since, Instant restartedAt) {

  /** True when {@code applied} wrote in the lost window (so its effect may be gone). */
  public boolean covers(LedgerEntry applied) {
    return covers(
        applied.startedAt(), Optional.of(applied.finishedAt().orElse(applied.startedAt())));
  }

  /**
   * True when work started at {@code startedAt} and finished at {@code finishedAt} (unfinished: it
   * may have written until the engine stopped) wrote in the lost window.
   */
  public boolean covers(Instant startedAt, Optional<Instant> finishedAt) {
    return !finishedAt.orElse(Instant.MAX).isBefore(since) && startedAt.isBefore(restartedAt);
  }

  /** Why a step covered is run again, for its status. */
  public String reason() {
    return "the local engine came back without the changes since " + since;
  }
}
