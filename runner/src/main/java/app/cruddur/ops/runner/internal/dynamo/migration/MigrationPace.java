package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.internal.step.StepOutcome;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * How long a migration is expected to take, for a sliced release's estimate: over the items
 * DescribeTable counts (refreshed about every six hours, so an estimate), before it ran at its
 * write budget, once paused at the pace of the slice that paused it.
 */
final class MigrationPace {
  private MigrationPace() {}

  /** The whole migration at {@code spec}'s budget (a new on-demand table's rate when unlimited). */
  static Duration whole(MigrationSpec.Budget spec, TableDescription table) {
    WriteBudget budget = Budgets.of(spec, table);
    double rate = budget.unlimitedBudget() ? Budgets.NEW_ON_DEMAND_WRITES : budget.ceiling();
    return Duration.ofMillis((long) (items(table) * 1000 / Math.max(1, rate)));
  }

  /**
   * The outcome of run {@code r}, stopped at a page boundary by the slice's deadline: where it
   * stands, and the rest at this slice's pace.
   *
   * @param prefix what the step did before the run ("created index …; ")
   * @param scannedBefore the items the run had scanned before this slice
   */
  static StepOutcome paused(
      String prefix,
      MigrationEngine.Result r,
      WriteBudget budget,
      TableDescription table,
      long scannedBefore) {
    MigrationCounts c = r.counts();
    long total = items(table);
    long thisSlice = Math.max(0, c.scanned() - scannedBefore);
    long left = Math.max(0, total - c.scanned());
    Optional<Duration> rest =
        thisSlice == 0
            ? Optional.empty()
            : Optional.of(Duration.ofMillis(left * Math.max(1, r.elapsedMillis()) / thisSlice));
    String of = total > c.scanned() ? String.format(Locale.ROOT, " of ~%,d", total) : "";
    return StepOutcome.paused(
        prefix
            + String.format(Locale.ROOT, "paused after %,d%s items: ", c.scanned(), of)
            + c.describe(false),
        MigrationDetails.of(r, budget),
        rest);
  }

  private static long items(TableDescription table) {
    return table.itemCount() == null ? 0 : table.itemCount();
  }
}
