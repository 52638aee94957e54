package app.cruddur.ops.runner.internal.liquibase;

import app.cruddur.ops.runner.internal.step.StepOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a liquibase step stands when a slice's deadline stopped its update at a changeset boundary,
 * and what the rest is expected to take, at the pace of the changesets this update ran.
 */
final class ChangesetPace {
  private ChangesetPace() {}

  /**
   * The step paused: "paused after changeset migrations/002_activities.sql::002-activities::cruddur
   * (2 of 5): applied 2 changesets: …".
   *
   * @param took how long this update took
   */
  static StepOutcome paused(
      LiquibaseCommands.Update update,
      String summary,
      LiquibaseStepKind.LiquibaseDetails details,
      Duration took) {
    List<String> applied = update.applied();
    if (applied.isEmpty()) {
      // a precondition skipped what ran (onFail: CONTINUE): nothing recorded, no pace to go by
      return paused(
          "before changeset " + update.stoppedBefore().orElseThrow(),
          summary,
          details,
          Optional.empty());
    }
    int left = Math.max(0, update.pending() - applied.size());
    String where =
        "after changeset "
            + applied.get(applied.size() - 1)
            + " ("
            + applied.size()
            + " of "
            + update.pending()
            + ")";
    return paused(
        where, summary, details, Optional.of(took.multipliedBy(left).dividedBy(applied.size())));
  }

  /** Paused {@code where}, said in the release's line and kept in the row for status. */
  private static StepOutcome paused(
      String where,
      String summary,
      LiquibaseStepKind.LiquibaseDetails details,
      Optional<Duration> rest) {
    return StepOutcome.paused(
        "paused " + where + ": " + summary,
        new LiquibaseStepKind.LiquibaseDetails(
            details.changelog(), details.treeChecksum(), details.changesets(), where),
        rest);
  }
}
