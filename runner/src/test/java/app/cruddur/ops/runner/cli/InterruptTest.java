package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.HermeticEnvironment;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.Pty;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Ctrl-C (SIGINT) while a release writes: the release says, on a line of its own, what it stopped
 * during and that a rerun continues. Said here in-process, by what the handler says ({@link
 * Interruption#say}), typed at the moment a seed's bar is first drawn on stderr taken for a
 * terminal: the signal adds nothing to what is said. The signal itself (Main's handler, exit 130)
 * is pinned on a real process following a release workflow (infra's ReleaseWorkflowTest), and a
 * release that dies mid-seed is completed by the next (KillNineTest). And a migration's bar counts
 * items written while a page's writes are under way (in-process, its stderr taken for a terminal:
 * the count needs no process; TerminalProgressTest pins the drawing on a real one).
 */
class InterruptTest extends LocalSliceTest {

  @Test
  void ctrlCDuringASeedSaysWhatStoppedOnItsOwnLineAndThatARerunContinues() {
    project.write(
        "seeders/V005__volume.yaml",
        "kind: dynamodb-seed\n"
            + "contexts: [dev]\n"
            + "synthetic: {users: 20, groups: 10, messages: 600}\n");
    AtomicReference<CruddurCommand> root = new AtomicReference<>();
    Terminal terminal = new Terminal("V005 writing [", () -> Interruption.say(root.get()));
    Map<String, String> env = new HashMap<>(HermeticEnvironment.variables());
    env.put(Invocation.LOCAL_DIR_ENV, SharedLocalEnvironment.dir().toString());
    env.put(Release.PROJECT_DIR_ENV, project.dir().toString());
    CommandLine cmd =
        Main.commandLine(
            new Invocation(env, project.dir(), new BufferedReader(new StringReader("")), true),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(terminal, true));
    root.set((CruddurCommand) cmd.getCommand());

    int code = cmd.execute(target.args("release"));

    assertThat(terminal.typed).as(terminal.raw()).isTrue();
    // in this JVM nothing exits: the release goes on to its end, saying nothing more
    assertThat(code).as(terminal.raw()).isZero();
    List<String> screen = Pty.render(terminal.raw());
    assertThat(screen)
        .as(terminal.raw())
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        Pattern.quote("interrupted: cruddur release stopped during step V005")
                            + " \\(dynamodb-seed\\) \\(writing: \\d+ of 6\\d{2} items\\)\\. "
                            + Pattern.quote(
                                "Rerun `cruddur release` to continue: applied steps are not applied"
                                    + " again, an interrupted one is retried (a DynamoDB migration"
                                    + " from its last checkpoint, a seed writes the same items)")));
    assertThat(screen.get(screen.size() - 1)).startsWith("interrupted: ");
  }

  /**
   * stderr as a terminal receives it, where Ctrl-C is typed (once) as soon as {@code shown} has
   * been flushed to it: at that moment, in the thread that drew it.
   */
  private static final class Terminal extends Writer {
    private final StringBuilder raw = new StringBuilder();
    private final String shown;
    private final Runnable ctrlC;
    private boolean typed;

    Terminal(String shown, Runnable ctrlC) {
      this.shown = shown;
      this.ctrlC = ctrlC;
    }

    @Override
    public synchronized void write(char[] chars, int off, int len) {
      raw.append(chars, off, len);
    }

    @Override
    public synchronized void flush() {
      if (!typed && raw.indexOf(shown) >= 0) {
        typed = true;
        ctrlC.run();
      }
    }

    @Override
    public void close() {}

    synchronized String raw() {
      return raw.toString();
    }
  }

  @Test
  void aMigrationsBarCountsItemsAsTheyAreWrittenWithinAPage() {
    project
        .write(
            "seeders/V005__volume.yaml",
            "kind: dynamodb-seed\n"
                + "contexts: [dev]\n"
                + "synthetic: {users: 10, groups: 5, messages: 900}\n")
        .write(
            "seeders/V011__flag.yaml",
            """
            kind: dynamodb-migration
            select: {scan: {segments: 1}, when: "begins_with(pk, 'MSG#')"}
            change: {set: {flagged: "'yes'"}}
            budget: {max_items_per_second: 300}
            """);
    Cli.Result release = cli.interactive("").run(target.args("release"));

    assertThat(release.exitCode()).as(release.toString()).isZero();
    // one page holds every item: counting pages read, the bar would jump from 0 to the end (at
    // 300 items/s the page's writes take three seconds, drawn every tenth of one)
    assertThat(
            Pattern.compile("V011 writing \\[[^\\]]*] (\\d+)/(9\\d\\d)")
                .matcher(release.err())
                .results()
                .map(m -> List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))))
        .as(release.err())
        .anySatisfy(drawn -> assertThat(drawn.get(0)).isPositive().isLessThan(drawn.get(1)));
  }
}
