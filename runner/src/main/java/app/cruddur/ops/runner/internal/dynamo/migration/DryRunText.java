package app.cruddur.ops.runner.internal.dynamo.migration;

import java.util.Optional;

/** What {@code release --dry-run} shows of a {@code dynamodb-migration} step: SQL-like comments. */
final class DryRunText {
  private DryRunText() {}

  /**
   * The dry run {@code r} of {@code spec}: its counts, the index it would create first, a few items
   * before and after, and those it cannot change.
   */
  static String of(MigrationSpec spec, MigrationEngine.Result r, Optional<String> indexToCreate) {
    StringBuilder text =
        new StringBuilder("-- ")
            .append(spec.describe())
            .append('\n')
            .append("-- dry run, nothing written: ")
            .append(r.counts().describe(true))
            .append('\n');
    indexToCreate.ifPresent(
        i -> text.append("-- would create index ").append(i).append(" first\n"));
    for (ItemSamples.Sample s : r.changes()) {
      text.append("-- before: ")
          .append(s.before())
          .append('\n')
          .append("--  after: ")
          .append(s.after())
          .append('\n');
    }
    for (ItemSamples.Sample s : r.problems()) {
      text.append("-- cannot change: ")
          .append(s.before())
          .append(" (")
          .append(s.note())
          .append(")\n");
    }
    return text.toString();
  }
}
