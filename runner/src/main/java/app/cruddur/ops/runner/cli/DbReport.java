package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.ChangesetStatus;
import app.cruddur.ops.runner.api.RollbackResult;
import app.cruddur.ops.runner.api.TagResult;
import app.cruddur.ops.runner.api.UpdateSql;
import java.util.List;

/** How the {@code db} commands' results look in a terminal. */
final class DbReport {
  private DbReport() {}

  static void printChangesets(Output out, ChangesetStatus status) {
    out.table(
        List.of("FILE", "ID", "AUTHOR", "STATE", "TAG", "CONTEXTS"),
        status.changesets().stream()
            .map(
                c ->
                    List.of(
                        c.file(),
                        c.id(),
                        c.author(),
                        c.state().label(),
                        c.tag(),
                        c.contexts().isEmpty() ? "(all)" : String.join(", ", c.contexts())))
            .toList());
    out.line(
        status.pending() == 0
            ? "No pending changesets."
            : status.pending() + " pending changesets.");
  }

  static void printUpdateSql(Output out, UpdateSql sql) {
    out.line(sql.sql().strip());
  }

  static void printRollback(Output out, RollbackResult result) {
    out.line(result.summary());
  }

  static void printTag(Output out, TagResult result) {
    out.line("tagged the current state as " + result.tag());
  }
}
