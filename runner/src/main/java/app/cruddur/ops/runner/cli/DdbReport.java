package app.cruddur.ops.runner.cli;

import app.cruddur.ops.model.IsoTimestamps;
import app.cruddur.ops.runner.api.Conversation;
import app.cruddur.ops.runner.api.MessageSent;
import app.cruddur.ops.runner.api.MigrationBudget;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ScanSummary;
import app.cruddur.ops.runner.api.SchemaLoad;
import app.cruddur.ops.runner.api.SeedSummary;
import app.cruddur.ops.runner.api.TableDropped;
import app.cruddur.ops.runner.api.TableList;
import app.cruddur.ops.runner.api.UserConversations;
import app.cruddur.ops.runner.api.Warning;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** How the {@code ddb} commands' results look in a terminal. */
public final class DdbReport {
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private DdbReport() {}

  /**
   * A scan's items on their way out: a line each at once in a terminal (memory stays flat), kept
   * for the one document with json.
   */
  public static final class ScanSink implements Consumer<Map<String, Object>> {
    private final Output out;
    private final List<Map<String, Object>> kept = new ArrayList<>();

    ScanSink(Output out) {
      this.out = out;
    }

    @Override
    public void accept(Map<String, Object> item) {
      if (out.json()) {
        kept.add(item);
      } else {
        out.line(line(item));
      }
    }

    /** The result to render: the scan's summary with the items kept. */
    public OperationResult finish(ScanSummary summary) {
      return new ScanOutput(summary, List.copyOf(kept));
    }
  }

  /** A scan's summary with its items (json only: in a terminal they were printed as they came). */
  record ScanOutput(ScanSummary summary, List<Map<String, Object>> items)
      implements OperationResult {
    @Override
    public List<Warning> warnings() {
      return summary.warnings();
    }

    /** The json result: the summary's fields, then the items. */
    Map<String, Object> document() {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("table", summary.table());
      doc.put("count", summary.count());
      doc.put("pages", summary.pages());
      doc.put("truncated", summary.truncated());
      doc.put("items", items);
      return doc;
    }
  }

  /** The items were printed as they came: what is left is how many, on stderr. */
  static void printScanSummary(Output out, ScanSummary s) {
    out.progress(
        s.count()
            + " items from "
            + s.pages()
            + (s.pages() == 1 ? " page" : " pages")
            + (s.truncated() ? " (stopped at --limit)" : ""));
  }

  private static String line(Map<String, Object> item) {
    String pk = String.valueOf(item.get("pk"));
    String sk = String.valueOf(item.get("sk"));
    String rest =
        item.entrySet().stream()
            .filter(e -> !e.getKey().equals("pk") && !e.getKey().equals("sk"))
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("  "));
    return pk + "  " + sk + "  " + rest;
  }

  static void printTables(Output out, TableList list) {
    list.tables().forEach(out::line);
    out.progress(
        list.tables().size()
            + (list.tables().size() == 1 ? " table" : " tables")
            + " on "
            + list.target());
  }

  static void printSchemaLoad(Output out, SchemaLoad r) {
    out.line(
        r.created()
            ? "created table " + r.table() + " (ACTIVE)"
            : "table " + r.table() + " exists and matches the model");
  }

  static void printDropped(Output out, TableDropped r) {
    out.line("dropped table " + r.table());
  }

  static void printBudget(Output out, MigrationBudget r) {
    out.line(
        String.format(
            Locale.ROOT,
            "%s: budget %.0f/s (was %.0f/s; the step's own %.0f/s) for run %s: every worker takes"
                + " it within a second",
            r.step(),
            r.budget(),
            r.before(),
            r.stepBudget(),
            r.run()));
  }

  static void printConversation(Output out, Conversation c) {
    out.table(
        List.of("HANDLE", "TIME", "MESSAGE"),
        c.messages().stream()
            .map(m -> List.of(m.sender().handle(), SHOWN.format(m.createdAt()), m.text()))
            .toList());
  }

  static void printUserConversations(Output out, UserConversations c) {
    out.table(
        List.of("WITH", "LAST MESSAGE AT", "GROUP", "LAST MESSAGE"),
        c.groups().stream()
            .map(
                r ->
                    List.of(
                        r.other().handle(),
                        SHOWN.format(r.lastMessageAt()),
                        r.groupUuid().toString(),
                        r.lastMessage()))
            .toList());
    if (c.groups().isEmpty()) {
      out.progress(c.user().handle() + " has no conversations");
    }
  }

  static void printSent(Output out, MessageSent sent) {
    out.line(
        "sent "
            + sent.message().messageUuid()
            + " to group "
            + sent.message().groupUuid()
            + (sent.newGroup() ? " (new group)" : "")
            + " at "
            + IsoTimestamps.format(sent.message().createdAt()));
  }

  static void printSeed(Output out, SeedSummary s) {
    out.line(
        String.format(
            Locale.ROOT,
            "seeded %d messages and %d group rows (%d users, %d groups) in %.1f s: "
                + "%d requests, %d unprocessed and %d throttled re-sends",
            s.messages(),
            s.groupRows(),
            s.users(),
            s.groups(),
            s.elapsedMillis() / 1000.0,
            s.requests(),
            s.unprocessedRetries(),
            s.throttledRetries()));
  }
}
