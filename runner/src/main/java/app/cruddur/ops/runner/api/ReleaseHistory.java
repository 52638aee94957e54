package app.cruddur.ops.runner.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every attempt the ledger recorded ({@code cruddur history}), newest first: each step a release
 * ran, each rollback and repair, whatever came of it.
 *
 * @param target the target, described without secrets
 * @param attempts the attempts that match the query, newest first, at most its limit
 * @param more whether older matching attempts were left out (the limit)
 * @param warnings what it met and went on past
 */
public record ReleaseHistory(
    String target, List<Attempt> attempts, boolean more, List<Warning> warnings)
    implements OperationResult {
  public ReleaseHistory {
    attempts = List.copyOf(attempts);
    warnings = List.copyOf(warnings);
  }

  /**
   * One ledger row.
   *
   * @param id the row's id (attempts are numbered in the order they started)
   * @param releaseId the release (or rollback, repair) it belongs to
   * @param step the step's version ({@code V001}, {@code R__cognito_sync})
   * @param kind the step's kind
   * @param store the store it writes
   * @param context the release context
   * @param outcome what came of it: {@code SUCCEEDED}, {@code FAILED}, {@code STARTED} (running, or
   *     its process died), {@code ROLLED_BACK}, {@code REPAIRED}, {@code FORGOTTEN}, …
   * @param by who ran it ({@code user@host pid N})
   * @param startedAt when it started
   * @param durationMs how long it took, once finished
   * @param error the error line of a failed attempt
   */
  public record Attempt(
      long id,
      UUID releaseId,
      String step,
      String kind,
      String store,
      String context,
      String outcome,
      String by,
      Instant startedAt,
      Optional<Long> durationMs,
      Optional<String> error) {}
}
