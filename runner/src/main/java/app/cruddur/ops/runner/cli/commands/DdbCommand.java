package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.IsoTimestamps;
import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.UnreadableItem;
import app.cruddur.ops.runner.api.Conversations;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.DynamoTables;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.Release;
import app.cruddur.ops.runner.cli.ReleaseReport;
import app.cruddur.ops.runner.internal.dynamo.BatchWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code cruddur ddb ...}: DynamoDB operator commands and the access patterns. */
@Command(name = "ddb", mixinStandardHelpOptions = true,
    description = "DynamoDB: tables, scans, the access patterns of the messages table, seeds. Every list is read to its last page.",
    subcommands = {DdbCommand.ListTables.class, DdbCommand.SchemaLoad.class, DdbCommand.Drop.class, DdbCommand.Scan.class,
        DdbCommand.GetConversation.class, DdbCommand.ListConversations.class, DdbCommand.SendMessage.class,
        DdbCommand.Seed.class})
public final class DdbCommand implements Runnable {
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** UUID arguments: a malformed one is exit 2 naming it. */
  static final class UuidConverter implements ITypeConverter<UUID> {
    @Override
    public UUID convert(String value) {
      try {
        if (value.length() != 36) {
          throw new IllegalArgumentException();
        }
        return UUID.fromString(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a UUID (like 5ae290ed-55d1-47a0-bc6d-fe2bc2700399)");
      }
    }
  }

  /** ISO-8601 times. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return IsoTimestamps.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  abstract static class DdbBase extends TargetCommandBase {
    DynamoTables tables() {
      return DynamoTables.connect(target(), resourceNames(), context().env());
    }

    Conversations conversations() {
      return Conversations.connect(target(), resourceNames(), context().env(), List.of());
    }

    /** Each item a reader skipped or could not read, as a warning on stderr; the lines, for the json document. */
    List<String> warn(List<UnreadableItem> unreadable, String doing) {
      List<String> warnings = unreadable.stream().map(u -> doing + " " + u.describe()).toList();
      warnings.forEach(out()::warn);
      return warnings;
    }

    /** Destructive commands: asked on the local target (or --yes), confirmed by name elsewhere. */
    void confirmDestructive(String what, String name, boolean yes, String confirm) {
      if (target().isLocal()) {
        if (!yes && !confirm(what + "?", "--yes")) {
          throw new CruddurException(ExitCode.FAILED, "not confirmed: nothing was done", "");
        }
        return;
      }
      if (!name.equals(confirm)) {
        throw CruddurException.usage(what + " on " + target().describe() + " needs confirmation",
            "Repeat the name: --confirm " + name);
      }
    }
  }

  /** {@code ddb list-tables}. */
  @Command(name = "list-tables", mixinStandardHelpOptions = true, description = "List every table (all pages).")
  static final class ListTables extends DdbBase {
    @Override
    protected ExitCode execute() {
      try (DynamoTables tables = tables()) {
        List<String> names = tables.list();
        if (out().json()) {
          out().printJson(Map.of("tables", names));
        } else {
          names.forEach(out()::line);
          out().progress(names.size() + (names.size() == 1 ? " table" : " tables") + " on " + target().describe());
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code ddb schema-load}. */
  @Command(name = "schema-load", mixinStandardHelpOptions = true,
      description = "Create the messages table from the model (key schema, GSI, stream) and wait until ACTIVE; an existing matching table is fine.")
  static final class SchemaLoad extends DdbBase {
    @Override
    protected ExitCode execute() {
      try (DynamoTables tables = tables()) {
        DynamoTables.SchemaLoad r = tables.schemaLoad(resourceNames().tableName());
        if (out().json()) {
          out().printJson(r);
        } else {
          out().line(r.created() ? "created table " + r.table() + " (ACTIVE)" : "table " + r.table() + " exists and matches the model");
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code ddb drop TABLE}. */
  @Command(name = "drop", mixinStandardHelpOptions = true,
      description = "Delete a table and wait until it is gone. Local: asks (or --yes). Other targets: --confirm TABLE.")
  static final class Drop extends DdbBase {
    @Parameters(paramLabel = "TABLE", description = "The table.")
    String table;

    @Option(names = {"-y", "--yes"}, description = "Do not ask (local target only).")
    boolean yes;

    @Option(names = "--confirm", paramLabel = "TABLE", description = "Required on non-local targets: the table's name again.")
    String confirm;

    @Override
    protected ExitCode execute() {
      try (DynamoTables tables = tables()) {
        if (!tables.exists(table)) {
          throw CruddurException.usage("there is no table " + table + " on " + target().describe(),
              "List them with `cruddur ddb list-tables`");
        }
        confirmDestructive("Drop table " + table, table, yes, confirm);
        tables.drop(table);
      }
      if (out().json()) {
        out().printJson(Map.of("dropped", table));
      } else {
        out().line("dropped table " + table);
      }
      return ExitCode.OK;
    }
  }

  /** {@code ddb scan TABLE}. */
  @Command(name = "scan", mixinStandardHelpOptions = true, description = {"Print a table's items (every page), readably.",
      "Items of the messages table that are not a readable message or group row are printed and warned about."})
  static final class Scan extends DdbBase {
    private static final String NOT_THE_MODEL = "not a message or group row as the model reads them:";

    @Parameters(paramLabel = "TABLE", description = "The table.")
    String table;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N items (default: all).")
    Long limit;

    @Override
    protected ExitCode execute() {
      long max = limit == null ? Long.MAX_VALUE : limit;
      if (max < 1) {
        throw CruddurException.usage("--limit must be at least 1, not " + max, "Pass how many items to show");
      }
      try (DynamoTables tables = tables()) {
        if (out().json()) {
          List<Map<String, Object>> items = new ArrayList<>();
          DynamoTables.ScanSummary s = tables.scan(table, max, items::add);
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("table", table);
          doc.put("count", s.items());
          doc.put("truncated", s.truncated());
          doc.put("items", items);
          doc.put("warnings", warn(s.unreadable(), NOT_THE_MODEL));
          out().printJson(doc);
        } else {
          DynamoTables.ScanSummary s = tables.scan(table, max, item -> out().line(render(item)));
          warn(s.unreadable(), NOT_THE_MODEL);
          out().progress(s.items() + " items from " + s.pages() + (s.pages() == 1 ? " page" : " pages")
              + (s.truncated() ? " (stopped at --limit)" : ""));
        }
      }
      return ExitCode.OK;
    }

    private static String render(Map<String, Object> item) {
      String pk = String.valueOf(item.get("pk"));
      String sk = String.valueOf(item.get("sk"));
      String rest = item.entrySet().stream().filter(e -> !e.getKey().equals("pk") && !e.getKey().equals("sk"))
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("  "));
      return pk + "  " + sk + "  " + rest;
    }
  }

  /** {@code ddb get-conversation GROUP}. */
  @Command(name = "get-conversation", mixinStandardHelpOptions = true,
      description = "Pattern A: the messages of a group, newest first (paged; consumed capacity with --debug).")
  static final class GetConversation extends DdbBase {
    @Parameters(paramLabel = "GROUP_UUID", converter = UuidConverter.class, description = "The message group.")
    UUID group;

    @Option(names = "--limit", paramLabel = "N", description = "At most N messages (default 20).")
    int limit = AccessPatterns.DEFAULT_CONVERSATION_LIMIT;

    @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class, description = "Only messages at or after TIME (ISO-8601).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = InstantConverter.class, description = "Only messages at or before TIME (ISO-8601).")
    Instant until;

    @Override
    protected ExitCode execute() {
      Conversations.Conversation page;
      try (Conversations conversations = conversations()) {
        page = conversations.conversation(group, limit, Optional.ofNullable(since), Optional.ofNullable(until));
      }
      List<Message> messages = page.messages();
      if (messages.isEmpty() && page.unreadable().isEmpty() && since == null && until == null) {
        throw CruddurException.usage("group " + group + " has no messages in " + resourceNames().tableName() + " on " + target().describe(),
            "Check the group uuid (`cruddur ddb list-conversations HANDLE` lists a user's groups)");
      }
      List<String> warnings = warn(page.unreadable(), "skipped");
      if (out().json()) {
        out().printJson(Map.of("group", group, "messages", messages, "warnings", warnings));
      } else {
        out().table(List.of("HANDLE", "TIME", "MESSAGE"), messages.stream()
            .map(m -> List.of(m.sender().handle(), SHOWN.format(m.createdAt()), m.text())).toList());
      }
      return ExitCode.OK;
    }
  }

  /** {@code ddb list-conversations HANDLE}. */
  @Command(name = "list-conversations", mixinStandardHelpOptions = true,
      description = "Pattern B: the message groups of a user (found by handle in PostgreSQL), most recent first.")
  static final class ListConversations extends DdbBase {
    @Parameters(paramLabel = "HANDLE", description = "The user's handle.")
    String handle;

    @Override
    protected ExitCode execute() {
      Conversations.UserConversations c;
      try (Conversations conversations = conversations()) {
        c = conversations.conversationsOf(handle);
      }
      List<String> warnings = warn(c.unreadable(), "skipped");
      if (out().json()) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("user", c.user());
        doc.put("groups", c.groups());
        doc.put("warnings", warnings);
        out().printJson(doc);
      } else {
        out().table(List.of("WITH", "LAST MESSAGE AT", "GROUP", "LAST MESSAGE"), c.groups().stream()
            .map(r -> List.of(r.other().handle(), SHOWN.format(r.lastMessageAt()), r.groupUuid().toString(), r.lastMessage()))
            .toList());
        if (c.groups().isEmpty()) {
          out().progress(handle + " has no conversations");
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code ddb send-message}. */
  @Command(name = "send-message", mixinStandardHelpOptions = true,
      description = "Pattern C (into an existing group) or D (a new group and its first message, in one transaction).")
  static final class SendMessage extends DdbBase {
    @Option(names = "--from", required = true, paramLabel = "HANDLE", description = "The sender.")
    String from;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Where {
      @Option(names = "--to", paramLabel = "HANDLE", description = "The recipient: their group with the sender, or a new one.")
      String to;

      @Option(names = "--group", paramLabel = "UUID", converter = UuidConverter.class, description = "An existing group.")
      UUID group;
    }

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "The message.")
    String text;

    @Override
    protected ExitCode execute() {
      Conversations.Sent sent;
      try (Conversations conversations = conversations()) {
        sent = conversations.send(from, Optional.ofNullable(where.to), Optional.ofNullable(where.group), text);
      }
      if (out().json()) {
        out().printJson(sent);
      } else {
        out().line("sent " + sent.message().messageUuid() + " to group " + sent.message().groupUuid()
            + (sent.newGroup() ? " (new group)" : "") + " at " + IsoTimestamps.format(sent.message().createdAt()));
      }
      return ExitCode.OK;
    }
  }

  /** {@code ddb seed}. */
  @Command(name = "seed", mixinStandardHelpOptions = true,
      description = {
        "Without options: run the seed steps of seeders/ (the dev conversation) outside a release, same code as the step.",
        "With --messages/--users/--groups: synthetic volume (deterministic; users created in PostgreSQL if missing)."
      })
  static final class Seed extends DdbBase {
    @Option(names = "--messages", paramLabel = "N", description = "Synthetic messages.")
    Long messages;

    @Option(names = "--users", paramLabel = "N", description = "Synthetic users (default 10).")
    Integer users;

    @Option(names = "--groups", paramLabel = "N", description = "Synthetic groups (default: users / 2).")
    Integer groups;

    @Option(names = "--context", paramLabel = "NAME", description = "Context of the seed steps (default: dev on the local target).")
    String contextName;

    @Option(names = "--parallel", paramLabel = "N", description = "BatchWriteItem requests in flight (default 8).")
    int parallel = BatchWriter.Settings.defaults().parallelism();

    @Override
    protected ExitCode execute() {
      if (messages == null && users == null && groups == null) {
        try (Release release = release(contextName, Duration.ZERO, ReleaseReport.listener(out()))) {
          List<String> done = release.seedOutsideRelease();
          if (out().json()) {
            out().printJson(Map.of("seeded", done));
          } else if (done.isEmpty()) {
            out().line("no seed steps in context " + release.configuration().context());
          }
        }
        return ExitCode.OK;
      }
      int u = users == null ? 10 : users;
      int g = groups == null ? Math.max(1, u / 2) : groups;
      long m = messages == null ? 0 : messages;
      if (parallel < 1) {
        throw CruddurException.usage("--parallel must be at least 1", "Pass how many requests to keep in flight");
      }
      app.cruddur.ops.runner.cli.ProgressBar bar = new app.cruddur.ops.runner.cli.ProgressBar(out(), "seeding");
      Conversations.SeedSummary s;
      try (Conversations conversations = conversations()) {
        s = conversations.seedSynthetic(u, g, m, BatchWriter.Settings.defaults().withParallelism(parallel), bar::update);
      }
      if (out().json()) {
        out().printJson(s);
      } else {
        out().line(String.format(java.util.Locale.ROOT, "seeded %d messages and %d group rows (%d users, %d groups) in %.1f s: "
                + "%d requests, %d unprocessed and %d throttled re-sends", s.messages(), s.groupRows(), s.users(), s.groups(),
            s.elapsedMillis() / 1000.0, s.requests(), s.unprocessedRetries(), s.throttledRetries()));
      }
      return ExitCode.OK;
    }
  }
}
