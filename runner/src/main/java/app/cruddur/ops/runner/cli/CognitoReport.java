package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.CognitoUser;
import app.cruddur.ops.runner.api.CognitoUserList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** How Cognito users and syncs look in a terminal. */
public final class CognitoReport {
  /** Rows of one list shown in a terminal; json output has them all. */
  static final int MAX_ROWS = 50;

  private static final String NO_HANDLE = "(no preferred_username)";

  private CognitoReport() {}

  /** Every user of the pool. */
  static void printUsers(Output out, CognitoUserList list) {
    List<CognitoUser> users = list.users();
    long withoutHandle = list.withoutHandle();
    String poolId = list.userPoolId();
    List<List<String>> rows = new ArrayList<>();
    for (CognitoUser u : users) {
      rows.add(
          List.of(
              u.handle().orElse(NO_HANDLE),
              u.sub(),
              u.email().orElse(""),
              u.status() + (u.enabled() ? "" : " (disabled)")));
    }
    if (!rows.isEmpty()) {
      out.table(List.of("HANDLE", "SUB", "EMAIL", "STATUS"), rows);
    }
    out.line(
        users.size()
            + (users.size() == 1 ? " user" : " users")
            + " in pool "
            + poolId
            + (withoutHandle == 0 ? "." : "; " + withoutHandle + " without preferred_username."));
  }

  /** The diff of a sync, list by list, then what was done. */
  static void printSync(Output out, CognitoSyncReport report) {
    out.line(
        "Cognito sync of pool "
            + report.userPoolId()
            + " into "
            + report.database()
            + (report.dryRun() ? " (dry run: nothing is written)" : ""));
    section(
        out, "To set", List.of("HANDLE", "SUB"), report.toSet(), a -> List.of(a.handle(), a.to()));
    section(
        out,
        "To change",
        List.of("HANDLE", "FROM", "TO"),
        report.toChange(),
        a -> List.of(a.handle(), a.from().orElse(""), a.to()));
    section(
        out,
        "Conflicts (nothing is written while there are any)",
        List.of("HANDLE", "SUB", "PROBLEM"),
        report.conflicts(),
        c -> List.of(c.handle(), c.sub(), c.problem()));
    section(
        out,
        "Cognito users with no matching handle in PostgreSQL",
        List.of("HANDLE", "SUB", "EMAIL"),
        report.noMatchingHandle(),
        u -> List.of(u.handle().orElse(NO_HANDLE), u.sub(), u.email().orElse("")));
    section(
        out,
        "Cognito users without preferred_username",
        List.of("USERNAME", "SUB", "EMAIL"),
        report.withoutHandle(),
        u -> List.of(u.username(), u.sub(), u.email().orElse("")));
    section(
        out,
        "PostgreSQL users with no Cognito user",
        List.of("HANDLE"),
        report.noCognitoUser(),
        List::of);
    out.line("");
    String summary = report.summary();
    out.line(Character.toUpperCase(summary.charAt(0)) + summary.substring(1) + ".");
  }

  private static <T> void section(
      Output out,
      String title,
      List<String> headers,
      List<T> items,
      Function<T, List<String>> row) {
    if (items.isEmpty()) {
      return;
    }
    out.line("");
    out.line(title + " (" + items.size() + "):");
    List<List<String>> rows = new ArrayList<>();
    for (T item : items.subList(0, Math.min(MAX_ROWS, items.size()))) {
      rows.add(row.apply(item));
    }
    out.table(headers, rows);
    if (items.size() > MAX_ROWS) {
      out.line("… and " + (items.size() - MAX_ROWS) + " more (--output json lists them all)");
    }
  }
}
