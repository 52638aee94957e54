package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.cli.commands.CommandBase;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How {@code --help} reads, as {@code aws … help} and {@code flyway migrate -?} do: a command's
 * whole summary (never cut at the first line of its description), only the options that do
 * something for it (no {@code --db-url} on {@code ddb list-tables}), and one or two examples. The
 * stores a command touches decide which naming options it shows; the examples live here, beside
 * them, in one table.
 */
final class HelpLayout {
  /** The options that name a store's resource, by store: shown only where the store is used. */
  private static final Map<Store, Set<String>> NAMING =
      Map.of(
          Store.POSTGRES, Set.of("--db-url"),
          Store.DYNAMODB, Set.of("--table"),
          Store.COGNITO, Set.of("--user-pool-id", "--user-pool-name"));

  /** The stores each command touches; a command not listed touches all three. */
  private static final Map<String, Set<Store>> STORES =
      Map.ofEntries(
          Map.entry("history", EnumSet.of(Store.POSTGRES)),
          Map.entry("db update", EnumSet.of(Store.POSTGRES)),
          Map.entry("db status", EnumSet.of(Store.POSTGRES)),
          Map.entry("db update-sql", EnumSet.of(Store.POSTGRES)),
          Map.entry("db rollback", EnumSet.of(Store.POSTGRES)),
          Map.entry("db tag", EnumSet.of(Store.POSTGRES)),
          Map.entry("ddb list-tables", EnumSet.of(Store.DYNAMODB)),
          Map.entry("ddb schema-load", EnumSet.of(Store.DYNAMODB)),
          Map.entry("ddb drop", EnumSet.of(Store.DYNAMODB)),
          Map.entry("ddb budget", EnumSet.of(Store.DYNAMODB)),
          Map.entry("ddb scan", EnumSet.of(Store.DYNAMODB)),
          Map.entry("ddb get-conversation", EnumSet.of(Store.DYNAMODB)),
          Map.entry("ddb list-conversations", EnumSet.of(Store.DYNAMODB, Store.POSTGRES)),
          Map.entry("ddb send-message", EnumSet.of(Store.DYNAMODB, Store.POSTGRES)),
          Map.entry("ddb seed", EnumSet.of(Store.DYNAMODB, Store.POSTGRES)),
          Map.entry("cognito list-users", EnumSet.of(Store.COGNITO)),
          Map.entry("cognito sync", EnumSet.of(Store.COGNITO, Store.POSTGRES)));

  /** One or two examples of every command that runs something. */
  static final Map<String, List<String>> EXAMPLES =
      Map.ofEntries(
          Map.entry(
              "release",
              List.of(
                  "cruddur release                      # the local environment, context dev",
                  "cruddur release --plan --profile admin --stack cruddur-prod --context prod")),
          Map.entry(
              "status",
              List.of(
                  "cruddur status",
                  "cruddur status --output json --profile admin --stack cruddur-dev")),
          Map.entry(
              "history",
              List.of(
                  "cruddur history --outcome failed --since 7d",
                  "cruddur history --step V001 --output json")),
          Map.entry(
              "validate",
              List.of(
                  "cruddur validate --aws --profile admin --stack cruddur-prod --context prod")),
          Map.entry(
              "baseline",
              List.of(
                  "cruddur baseline --plan                # what is there already, what is not",
                  "cruddur baseline --confirm cruddur --profile admin --stack cruddur-prod")),
          Map.entry(
              "repair",
              List.of("cruddur repair --accept V002      # after `cruddur validate` named V002")),
          Map.entry("db update", List.of("cruddur db update")),
          Map.entry("db status", List.of("cruddur db status --output json")),
          Map.entry("db update-sql", List.of("cruddur db update-sql > pending.sql")),
          Map.entry(
              "db rollback",
              List.of(
                  "cruddur db rollback --count 1",
                  "cruddur db rollback --tag v1 --confirm cruddur --profile admin --context dev")),
          Map.entry("db tag", List.of("cruddur db tag before-bio")),
          Map.entry("ddb list-tables", List.of("cruddur ddb list-tables --aws --profile admin")),
          Map.entry("ddb schema-load", List.of("cruddur ddb schema-load")),
          Map.entry(
              "ddb drop",
              List.of(
                  "cruddur ddb drop cruddur-messages --yes",
                  "cruddur ddb drop cruddur-messages --confirm cruddur-messages --aws")),
          Map.entry(
              "ddb budget",
              List.of(
                  "cruddur ddb budget V012 --max-items-per-second 200",
                  "cruddur ddb budget V012 --max-items-per-second 50 --stack cruddur-prod")),
          Map.entry(
              "ddb scan", List.of("cruddur ddb scan cruddur-messages --limit 20 --output json")),
          Map.entry(
              "ddb get-conversation",
              List.of("cruddur ddb get-conversation 5ae290ed-55d1-47a0-bc6d-fe2bc2700399")),
          Map.entry("ddb list-conversations", List.of("cruddur ddb list-conversations bayko")),
          Map.entry(
              "ddb send-message",
              List.of(
                  "cruddur ddb send-message --from bayko --to andrewbrown --text 'Hello!'",
                  "cruddur ddb send-message --from bayko --to andrewbrown --text-file notes.md")),
          Map.entry(
              "ddb seed",
              List.of(
                  "cruddur ddb seed                     # the seed steps of the context",
                  "cruddur ddb seed --messages 100000 --users 50")),
          Map.entry("cognito list-users", List.of("cruddur cognito list-users --output json")),
          Map.entry("cognito sync", List.of("cruddur cognito sync --dry-run")),
          Map.entry("local up", List.of("cruddur local up")),
          Map.entry("local status", List.of("cruddur local status")),
          Map.entry(
              "local env",
              List.of(
                  "eval \"$(cruddur local env)\"",
                  "cruddur local env --format dotenv > backend-flask/.env")),
          Map.entry("local down", List.of("cruddur local down")),
          Map.entry("local reset", List.of("cruddur local reset --yes")),
          Map.entry(
              "generate-completion",
              List.of(
                  "source <(./cruddur generate-completion)",
                  "./cruddur generate-completion > /etc/bash_completion.d/cruddur")));

  private HelpLayout() {}

  /** Lays out the help of {@code root} and every command under it. */
  static void apply(CommandLine root) {
    for (CommandLine command : tree(root)) {
      CommandSpec spec = command.getCommandSpec();
      UsageMessageSpec usage = spec.usageMessage();
      String[] description = usage.description();
      if (description.length > 1 && spec.parent() != null) {
        // one paragraph: the command list shows a description's first element, so a summary
        // written over several lines was cut mid-sentence there
        usage.description(String.join(" ", description));
      }
      String name = CommandBase.operationOf(spec);
      List<String> examples = EXAMPLES.get(name);
      if (examples != null) {
        usage.footerHeading("%nExamples:%n");
        usage.footer(
            examples.stream().map(e -> "  " + e.replace("%", "%%")).toArray(String[]::new));
      }
      if (spec.parent() != null && spec.findOption("--table") != null) {
        Set<Store> stores = STORES.getOrDefault(name, EnumSet.allOf(Store.class));
        usage.abbreviateSynopsis(true);
        command
            .getHelpSectionMap()
            .put(
                UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                help -> help.optionListExcludingGroups(shown(spec, stores)));
      }
    }
  }

  /** The options of {@code spec} that do something for a command touching {@code stores}. */
  static List<OptionSpec> shown(CommandSpec spec, Set<Store> stores) {
    return spec.options().stream()
        .filter(o -> !o.hidden())
        .filter(
            o ->
                NAMING.entrySet().stream()
                    .noneMatch(
                        e ->
                            !stores.contains(e.getKey()) && e.getValue().contains(o.longestName())))
        .toList();
  }

  private static List<CommandLine> tree(CommandLine root) {
    List<CommandLine> all = new java.util.ArrayList<>();
    all.add(root);
    for (CommandLine sub : root.getSubcommands().values()) {
      if (!all.contains(sub)) {
        all.addAll(tree(sub));
      }
    }
    return all;
  }
}
