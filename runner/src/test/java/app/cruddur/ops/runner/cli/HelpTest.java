package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.cli.commands.CommandBase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help} as aws and flyway give it: whole summaries, a command's own options, examples. */
class HelpTest {
  static final CommandLine ROOT = root();

  static List<CommandLine> leaves(CommandLine command) {
    List<CommandLine> leaves = new ArrayList<>();
    if (command.getSubcommands().isEmpty()) {
      leaves.add(command);
    }
    command.getSubcommands().values().forEach(sub -> leaves.addAll(leaves(sub)));
    return leaves;
  }

  static CommandLine root() {
    PrintWriter nowhere = new PrintWriter(new StringWriter());
    return Main.commandLine(
        new Invocation(java.util.Map.of(), Path.of("."), null, false), nowhere, nowhere);
  }

  static String help(String... command) {
    CommandLine c = ROOT;
    for (String name : command) {
      c = c.getSubcommands().get(name);
    }
    return c.getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  @Test
  void everyCommandThatRunsSomethingHasOneOrTwoExamplesInItsHelp() {
    for (CommandLine leaf : leaves(ROOT)) {
      String name = CommandBase.operationOf(leaf.getCommandSpec());
      List<String> examples = HelpLayout.EXAMPLES.get(name);
      assertThat(examples).as(name).hasSizeBetween(1, 2);
      assertThat(examples).as(name + ": fits 80 columns").allMatch(e -> e.length() <= 76);
      assertThat(leaf.getUsageMessage(CommandLine.Help.Ansi.OFF))
          .as(name)
          .endsWith("\nExamples:\n  " + String.join("\n  ", examples) + "\n");
    }
  }

  @Test
  void theCommandListShowsEverySummaryWhole() {
    assertThat(help())
        .contains("Nothing is re-applied.")
        .doesNotContain("record its current checksum in the\n  db");
    for (String group : List.of("db", "ddb", "cognito", "local")) {
      for (CommandLine sub : ROOT.getSubcommands().get(group).getSubcommands().values()) {
        String[] description = sub.getCommandSpec().usageMessage().description();
        assertThat(description).as(sub.getCommandName()).hasSize(1);
        assertThat(description[0].strip()).as(sub.getCommandName()).endsWith(".");
      }
    }
  }

  @Test
  void aCommandShowsOnlyTheOptionsThatDoSomethingForIt() {
    assertThat(help("ddb", "list-tables"))
        .startsWith("Usage: cruddur ddb list-tables [OPTIONS]")
        .contains("--table", "--stack", "--aws")
        .doesNotContain("--db-url", "--user-pool-id", "--user-pool-name");
    assertThat(help("db", "rollback"))
        .contains("--db-url", "--confirm", "--count")
        .doesNotContain("--table", "--user-pool-id");
    assertThat(help("cognito", "sync"))
        .contains("--user-pool-id", "--db-url")
        .doesNotContain("--table");
    assertThat(help("release")).contains("--db-url", "--table", "--user-pool-id");
  }
}
