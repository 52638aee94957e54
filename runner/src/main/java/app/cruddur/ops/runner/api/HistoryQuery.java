package app.cruddur.ops.runner.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which ledger attempts {@code cruddur history} shows: every filter given must match.
 *
 * @param step only this step ({@code V001})
 * @param outcome only this outcome ({@code FAILED})
 * @param since only attempts started at or after this instant
 * @param by only attempts whose runner ({@code user@host pid N}) contains this text
 * @param limit at most this many, newest first
 */
public record HistoryQuery(
    Optional<String> step,
    Optional<String> outcome,
    Optional<Instant> since,
    Optional<String> by,
    int limit) {
  /** The default limit: a screenful. */
  public static final int DEFAULT_LIMIT = 50;

  public HistoryQuery {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(by, "by");
    if (limit < 1) {
      throw CruddurException.of(
          ErrorCode.BAD_ARGUMENT,
          "--limit must be at least 1, not " + limit,
          "Pass how many attempts to show");
    }
  }

  /** Every attempt, the newest {@link #DEFAULT_LIMIT}. */
  public static HistoryQuery latest() {
    return new HistoryQuery(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
  }
}
