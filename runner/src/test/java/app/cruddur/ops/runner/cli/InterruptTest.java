package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.Pty;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C typed on a terminal (a pseudo-terminal from util-linux script) while a release writes: the
 * release says, on a line of its own, what it stopped during and that a rerun continues, and exits
 * 130 (ExitCode INTERRUPTED); the rerun finishes the step. And a migration's bar counts items
 * written while a page's writes are under way (in-process, its stderr taken for a terminal: the
 * count needs no process; TerminalProgressTest pins the drawing on a real one). Bounds on waiting
 * are for liveness only.
 */
class InterruptTest extends LocalSliceTest {
  static final Duration BOUND = Duration.ofMinutes(3);

  Pty release() {
    assumeTrue(Pty.available(), "util-linux script is needed for a pseudo-terminal");
    return Pty.start(project.dir(), SharedLocalEnvironment.dir(), Map.of(), target.args("release"));
  }

  @Test
  void ctrlCDuringASeedSaysWhatStoppedOnItsOwnLineExits130AndTheRerunFinishes() {
    project.write(
        "seeders/V005__volume.yaml",
        "kind: dynamodb-seed\n"
            + "contexts: [dev]\n"
            + "synthetic: {users: 20, groups: 10, messages: 6000}\n");
    Pty pty = release();
    pty.awaitRaw(raw -> raw.contains("V005 writing ["), BOUND);

    pty.ctrlC();

    assertThat(pty.await(BOUND))
        .as(pty.raw())
        .isEqualTo(ExitCode.INTERRUPTED.code())
        .isEqualTo(130);
    List<String> screen = pty.screen();
    assertThat(screen)
        .as(pty.raw())
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        Pattern.quote("interrupted: cruddur release stopped during step V005")
                            + " \\(dynamodb-seed\\) \\(writing: \\d+ of 60\\d{2} items\\)\\. "
                            + Pattern.quote(
                                "Rerun `cruddur release` to continue: applied steps are not applied"
                                    + " again, an interrupted one is retried (a DynamoDB migration"
                                    + " from its last checkpoint, a seed writes the same items)")));
    assertThat(screen.get(screen.size() - 1)).startsWith("interrupted: ");

    Cli.Result rerun = run("release");
    assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
    assertThat(rerun.out()).containsPattern("V005 +dynamodb-seed +dynamodb +applied");
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
    // one page holds every item: counting pages read, the bar would jump from 0 to the end
    assertThat(release.err()).containsPattern("V011 writing \\[[^\\]]*] [1-9]\\d{1,2}/9\\d\\d");
  }
}
