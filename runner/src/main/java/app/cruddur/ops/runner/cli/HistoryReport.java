package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.ReleaseHistory;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How {@code cruddur history} looks in a terminal: one row per attempt, newest first. */
final class HistoryReport {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private HistoryReport() {}

  static void printHistory(Output out, ReleaseHistory history) {
    if (history.attempts().isEmpty()) {
      out.line("No attempts in the ledger of " + history.target() + " match.");
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (ReleaseHistory.Attempt a : history.attempts()) {
      rows.add(
          List.of(
              String.valueOf(a.id()),
              WHEN.format(a.startedAt()),
              a.step(),
              a.outcome().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
              a.durationMs().map(ReleaseReport::seconds).orElse(""),
              who(a.by()),
              a.error().orElse("")));
    }
    out.table(List.of("#", "STARTED", "STEP", "OUTCOME", "TOOK", "BY", "ERROR"), rows);
    if (history.more()) {
      out.line(
          "Older attempts left out: pass --limit N, or narrow with --step, --outcome, --since.");
    }
  }

  /** {@code alice@laptop}: the runner without its process id, which a table has no room for. */
  static String who(String by) {
    return by.replaceFirst(" pid \\d+$", "");
  }
}
