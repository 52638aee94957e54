package app.cruddur.ops.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.Pty;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Progress as a person sees it: on a terminal (a pseudo-terminal from util-linux script) one line
 * redrawn in place with the phase, done/total, the rate and the time left, nothing stale left by a
 * longer drawing, colour unless NO_COLOR; in a log, no bar but one line per phase. The bound on
 * waiting is for liveness only.
 */
class TerminalProgressTest extends LocalSliceTest {
  static final Duration BOUND = Duration.ofMinutes(3);

  /** The last drawing of a finished bar: all of it, then the rate, and nothing after. */
  static final Pattern FINISHED =
      Pattern.compile("  seed writing \\[#{30}] (\\d+)/(\\d+)  [\\d,]+ items/s");

  @BeforeEach
  void released() {
    assumeTrue(Pty.available(), "util-linux script is needed for a pseudo-terminal");
    Cli.Result release = run("release");
    assertThat(release.exitCode()).as(release.toString()).isZero();
  }

  Pty seed(Map<String, String> env, String messages) {
    return Pty.start(
        project.dir(),
        SharedLocalEnvironment.dir(),
        env,
        target.args("ddb", "seed", "--messages", messages, "--users", "20"));
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceWithRateAndLeavesNothingStale() {
    Pty pty = seed(Map.of(), "4000");

    assertThat(pty.await(BOUND)).as(pty.raw()).isZero();
    String raw = pty.raw();
    assertThat(raw).contains("\r  seed writing [").contains("ETA ").contains("\u001b[32m#");
    List<String> bars = pty.screen().stream().filter(l -> l.startsWith("  seed writing")).toList();
    assertThat(bars).as(raw).hasSize(1);
    Matcher finished = FINISHED.matcher(bars.get(0));
    assertThat(finished.matches()).as("the finished bar, exactly: %s", bars.get(0)).isTrue();
    assertThat(finished.group(1)).isEqualTo(finished.group(2));
  }

  @Test
  void noColourWithNoColorSet() {
    Pty pty = seed(Map.of("NO_COLOR", "1"), "3000");

    assertThat(pty.await(BOUND)).as(pty.raw()).isZero();
    assertThat(pty.raw()).contains("\r  seed writing [").doesNotContain("\u001b[");
  }

  @Test
  void offATerminalNoBarButOneLinePerPhase() {
    Cli.Result seed = run("ddb", "seed", "--messages", "3000", "--users", "20");

    assertThat(seed.exitCode()).as(seed.toString()).isZero();
    assertThat(seed.err()).doesNotContain("\r").doesNotContain("[#");
    assertThat(seed.err().lines().filter(l -> l.startsWith("  seed writing")).toList())
        .singleElement()
        .asString()
        .matches("  seed writing: \\d+ of \\d+ items …");
  }
}
