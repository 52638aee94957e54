package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.model.AccessPatterns;
import app.cruddur.ops.model.IsoTimestamps;
import app.cruddur.ops.runner.Conversations;
import app.cruddur.ops.runner.DynamoTables;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.WriteOptions;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.DdbReport;
import app.cruddur.ops.runner.cli.ProgressBar;
import app.cruddur.ops.runner.cli.YesOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code cruddur ddb ...}: DynamoDB operator commands and the access patterns.
 *
 * <p>Longer than our usual class on purpose: one small parse-only class per {@code ddb} subcommand,
 * kept together as picocli's command group.
 */
@Command(
    name = "ddb",
    mixinStandardHelpOptions = true,
    description =
        "DynamoDB: tables, scans, the access patterns of the messages table, seeds. Every list is"
            + " read to its last page.",
    subcommands = {
      DdbCommand.ListTables.class,
      DdbCommand.SchemaLoad.class,
      DdbCommand.Drop.class,
      DdbCommand.Budget.class,
      DdbCommand.Scan.class,
      DdbCommand.GetConversation.class,
      DdbCommand.ListConversations.class,
      DdbCommand.SendMessage.class,
      DdbCommand.Seed.class
    })
public final class DdbCommand implements Runnable {
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
        throw new TypeConversionException(
            "'" + value + "' is not a UUID (like 5ae290ed-55d1-47a0-bc6d-fe2bc2700399)");
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

  /** A ddb command: one call on the target's tables or conversations. */
  abstract static class DdbBase extends TargetCommandBase {
    OperationResult onTables(Function<DynamoTables, OperationResult> operation) {
      try (DynamoTables tables = tables()) {
        return operation.apply(tables);
      }
    }

    OperationResult onConversations(Function<Conversations, OperationResult> operation) {
      try (Conversations conversations = conversations()) {
        return operation.apply(conversations);
      }
    }
  }

  /** {@code ddb list-tables}. */
  @Command(
      name = "list-tables",
      mixinStandardHelpOptions = true,
      description = "List every table (all pages).")
  static final class ListTables extends DdbBase {
    @Override
    protected OperationResult execute() {
      return onTables(DynamoTables::list);
    }
  }

  /** {@code ddb schema-load}. */
  @Command(
      name = "schema-load",
      mixinStandardHelpOptions = true,
      description =
          "Create the messages table from the model (key schema, GSI, stream) and wait until"
              + " ACTIVE; an existing matching table is fine.")
  static final class SchemaLoad extends DdbBase {
    @Override
    protected OperationResult execute() {
      return onTables(DynamoTables::schemaLoad);
    }
  }

  /** {@code ddb drop TABLE}. */
  @Command(
      name = "drop",
      mixinStandardHelpOptions = true,
      description =
          "Delete a table and wait until it is gone. Local: asks (or --yes). Other targets:"
              + " --confirm TABLE.")
  static final class Drop extends DdbBase {
    @Parameters(paramLabel = "TABLE", description = "The table.")
    String table;

    @Mixin YesOption yes;

    @Option(
        names = "--confirm",
        paramLabel = "TABLE",
        description = "Required on non-local targets: the table's name again.")
    String confirm;

    @Override
    protected OperationResult execute() {
      return onTables(
          tables -> tables.drop(table, confirmation(yes), Optional.ofNullable(confirm)));
    }
  }

  /** {@code ddb budget STEP --max-items-per-second N}. */
  @Command(
      name = "budget",
      mixinStandardHelpOptions = true,
      description =
          "Set the write budget of a distributed migration while it runs: every worker (--workers"
              + " processes or the release workflow's Lambdas) takes it within a second. At most"
              + " the step file's budget; for a capacity_share step, write units a second.")
  static final class Budget extends DdbBase {
    @Parameters(paramLabel = "STEP", description = "The dynamodb-migration step (V012).")
    String step;

    @Option(
        names = "--max-items-per-second",
        paramLabel = "N",
        required = true,
        description = "The budget in force from now on, a second (more than 0).")
    double perSecond;

    @Override
    protected OperationResult execute() {
      return onTables(tables -> tables.budget(step, perSecond));
    }
  }

  /** {@code ddb scan TABLE}. */
  @Command(
      name = "scan",
      mixinStandardHelpOptions = true,
      description = {
        "Print a table's items (every page), readably.",
        "Items of the messages table that are not a readable message or group row are printed and"
            + " warned about."
      })
  static final class Scan extends DdbBase {
    @Parameters(paramLabel = "TABLE", description = "The table.")
    String table;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N items (default: all).")
    Long limit;

    @Override
    protected OperationResult execute() {
      DdbReport.ScanSink sink = renderer().scanSink();
      return onTables(
          tables -> sink.finish(tables.scan(table, limit == null ? Long.MAX_VALUE : limit, sink)));
    }
  }

  /** {@code ddb get-conversation GROUP}. */
  @Command(
      name = "get-conversation",
      mixinStandardHelpOptions = true,
      description =
          "Pattern A: the messages of a group, newest first (paged; consumed capacity with"
              + " --debug).")
  static final class GetConversation extends DdbBase {
    @Parameters(
        paramLabel = "GROUP_UUID",
        converter = UuidConverter.class,
        description = "The message group.")
    UUID group;

    @Option(names = "--limit", paramLabel = "N", description = "At most N messages (default 20).")
    int limit = AccessPatterns.DEFAULT_CONVERSATION_LIMIT;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        converter = InstantConverter.class,
        description = "Only messages at or after TIME (ISO-8601).")
    Instant since;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        converter = InstantConverter.class,
        description = "Only messages at or before TIME (ISO-8601).")
    Instant until;

    @Override
    protected OperationResult execute() {
      return onConversations(
          c ->
              c.conversation(group, limit, Optional.ofNullable(since), Optional.ofNullable(until)));
    }
  }

  /** {@code ddb list-conversations HANDLE}. */
  @Command(
      name = "list-conversations",
      mixinStandardHelpOptions = true,
      description =
          "Pattern B: the message groups of a user (found by handle in PostgreSQL), most recent"
              + " first.")
  static final class ListConversations extends DdbBase {
    @Parameters(paramLabel = "HANDLE", description = "The user's handle.")
    String handle;

    @Override
    protected OperationResult execute() {
      return onConversations(c -> c.conversationsOf(handle));
    }
  }

  /** {@code ddb send-message}. */
  @Command(
      name = "send-message",
      mixinStandardHelpOptions = true,
      description =
          "Pattern C (into an existing group) or D (a new group and its first message, in one"
              + " transaction).")
  static final class SendMessage extends DdbBase {
    @Option(names = "--from", required = true, paramLabel = "HANDLE", description = "The sender.")
    String from;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    static final class Where {
      @Option(
          names = "--to",
          paramLabel = "HANDLE",
          description = "The recipient: their group with the sender, or a new one.")
      String to;

      @Option(
          names = "--group",
          paramLabel = "UUID",
          converter = UuidConverter.class,
          description = "An existing group.")
      UUID group;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    MessageText text;

    @Override
    protected OperationResult execute() {
      String message = text.read(invocation());
      return onConversations(
          c ->
              c.send(
                  from, Optional.ofNullable(where.to), Optional.ofNullable(where.group), message));
    }
  }

  /** {@code ddb seed}. */
  @Command(
      name = "seed",
      mixinStandardHelpOptions = true,
      description = {
        "Without options: run the seed steps of seeders/ (the dev conversation) outside a release,"
            + " same code as the step.",
        "With --messages/--users/--groups: synthetic volume (deterministic; users created in"
            + " PostgreSQL if missing)."
      })
  static final class Seed extends DdbBase {
    @Option(names = "--messages", paramLabel = "N", description = "Synthetic messages.")
    Long messages;

    @Option(names = "--users", paramLabel = "N", description = "Synthetic users (default 10).")
    Integer users;

    @Option(
        names = "--groups",
        paramLabel = "N",
        description = "Synthetic groups (default: users / 2).")
    Integer groups;

    @Mixin ContextOption context;

    @Option(
        names = "--parallel",
        paramLabel = "N",
        description = "BatchWriteItem requests in flight (default 8).")
    int parallel = WriteOptions.defaults().parallelism();

    @Override
    protected OperationResult execute() {
      if (messages == null && users == null && groups == null) {
        try (Release release = release(context.name(), Duration.ZERO, renderer().progress())) {
          return release.seedOutsideRelease();
        }
      }
      int u = users == null ? 10 : users;
      int g = groups == null ? Math.max(1, u / 2) : groups;
      WriteOptions options = new WriteOptions(parallel);
      ProgressBar bar = new ProgressBar(out(), "seed");
      try {
        return onConversations(
            c -> c.seedSynthetic(u, g, messages == null ? 0 : messages, options, bar));
      } finally {
        bar.close();
      }
    }
  }
}
