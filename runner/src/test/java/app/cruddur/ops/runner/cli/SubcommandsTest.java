package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.cli.commands.LocalCommand;
import app.cruddur.ops.runner.cli.commands.ReleaseCommand;
import app.cruddur.ops.runner.cli.commands.StatusCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A command line that plainly runs one command builds only that one (start-up); whatever looks at
 * the whole tree gets all of it. Parsing only: no engine starts.
 */
class SubcommandsTest {
  @TempDir Path project;

  static String[] args(String... args) {
    return args;
  }

  CommandLine built(String... args) {
    PrintWriter nowhere = new PrintWriter(new StringWriter());
    return Main.commandLine(invocation(), nowhere, nowhere, args);
  }

  Invocation invocation() {
    return new Invocation(
        Map.of(Release.PROJECT_DIR_ENV, project.toString()), project, null, false);
  }

  static List<Class<?>> needed(String... args) {
    CommandLine root = new CommandLine(new CruddurCommand(null));
    return Subcommands.needed(root.getCommandSpec(), args);
  }

  @Test
  void theCommandNamedIsTheOneBuiltPastTheRootsOptionsAndTheirValues() {
    assertThat(needed("release")).isEqualTo(List.of(ReleaseCommand.class));
    assertThat(needed("--local-dir", "status", "release", "--table", "t"))
        .isEqualTo(List.of(ReleaseCommand.class));
    assertThat(needed("-qo", "json", "status")).isEqualTo(List.of(StatusCommand.class));
    assertThat(needed("-ojson", "--debug", "--project-dir=x", "local", "up"))
        .isEqualTo(List.of(LocalCommand.class));
    assertThat(built("release").getSubcommands()).containsOnlyKeys("release");
  }

  @Test
  void helpVersionCompletionTyposAndUnknownOptionsGetTheWholeTree() {
    for (String[] line :
        List.of(
            args(),
            args("--help"),
            args("release", "-h"),
            args("-V"),
            args("generate-completion"),
            args("relase"),
            args("--bogus", "release"),
            args("--", "release"),
            args("@opts.txt"),
            args("--local-dir"))) {
      assertThat(needed(line)).as(String.join(" ", line)).isEqualTo(CruddurCommand.SUBCOMMANDS);
    }
    assertThat(built("relase").getSubcommands().keySet())
        .containsExactlyElementsOf(built().getSubcommands().keySet())
        .hasSize(CruddurCommand.SUBCOMMANDS.size());
  }

  @Test
  void aProjectFileKeyOfAnotherCommandIsStillKnown() throws IOException {
    Files.writeString(project.resolve("cruddur.toml"), "wait = \"2m\"\n");
    Configuration config = Configuration.load(invocation().env(), project);
    CommandLine local = built("local", "status");

    assertThatThrownBy(() -> config.check(local))
        .isInstanceOf(CruddurException.class)
        .hasMessageContaining("unknown key 'wait'");
    config.check(local, () -> built());
  }
}
