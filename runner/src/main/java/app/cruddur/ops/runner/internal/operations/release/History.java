package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.HistoryQuery;
import app.cruddur.ops.runner.api.ReleaseHistory;
import app.cruddur.ops.runner.internal.ledger.LedgerAttempts;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code cruddur history}: the ledger's attempts, newest first, as {@code query} filters them; read
 * without the lock and without touching DynamoDB or Cognito (the ledger is in PostgreSQL).
 */
public record History(ReleaseSession release, HistoryQuery query)
    implements Operation<ReleaseHistory> {
  @Override
  public ReleaseHistory run() {
    Optional<String> outcome = query.outcome().map(History::outcome);
    return release.read(
        "cruddur history",
        ledger -> {
          // one more than asked for says whether older ones were left out
          List<LedgerEntry> rows =
              LedgerAttempts.newestFirst(
                  ledger, query.step(), outcome, query.since(), query.by(), query.limit() + 1);
          List<ReleaseHistory.Attempt> attempts =
              rows.stream().limit(query.limit()).map(History::attempt).toList();
          return new ReleaseHistory(
              release.target(), attempts, rows.size() > query.limit(), List.of());
        });
  }

  private static String outcome(String given) {
    String name = given.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    if (Arrays.stream(LedgerEntry.Outcome.values()).noneMatch(o -> o.name().equals(name))) {
      throw CruddurException.of(
          ErrorCode.BAD_ARGUMENT,
          "unknown outcome '" + given + "'",
          "Use one of: "
              + String.join(
                  ", ", Arrays.stream(LedgerEntry.Outcome.values()).map(Enum::name).toList()));
    }
    return name;
  }

  private static ReleaseHistory.Attempt attempt(LedgerEntry e) {
    return new ReleaseHistory.Attempt(
        e.id(),
        e.releaseId(),
        e.key(),
        e.kind(),
        e.store(),
        e.context(),
        e.outcome().name(),
        e.appliedBy(),
        e.startedAt(),
        e.durationMs(),
        e.error());
  }
}
