package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.Gate;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three releases started at once against one target: one applies, the others stand back. The one
 * that holds the lock waits at a {@link Gate} until another has met it, so they always overlap.
 */
@ExtendWith(SharedLocalEnvironment.class)
class ConcurrentReleasesTest {
  static final Duration LIMIT = Duration.ofSeconds(120);

  @Test
  void exactlyOneOfThreeSimultaneousReleasesAppliesAndTheResultEqualsASingleRelease() {
    TestProject project =
        TestProject.copyOfRepository("three-at-once")
            .addChangelog("004_gate.sql", Gate.changelog("004-gate"));
    TestTarget target = TestTarget.fresh("three-at-once");

    List<CruddurProcess> releases;
    try (Gate gate = Gate.shut(target)) {
      releases =
          List.of(
              CruddurProcess.start(project.dir(), target.args("release")),
              CruddurProcess.start(project.dir(), target.args("release")),
              CruddurProcess.start(project.dir(), target.args("release", "--wait", "2m")));
      // the holder stays inside Liquibase until one of the two without --wait has met its lock
      awaitHolderAndOneStoodBack(releases, target);
    }
    List<Cli.Result> results = releases.stream().map(p -> p.await(LIMIT)).toList();

    List<Cli.Result> applied = results.stream().filter(r -> r.out().contains("Applied ")).toList();
    assertThat(applied).as("exactly one release applies:\n%s", results).hasSize(1);
    assertThat(applied.get(0).exitCode()).isZero();
    for (Cli.Result other : results) {
      if (other != applied.get(0)) {
        assertThat(
                other.exitCode() == 5
                        && other.errorLine().startsWith("error: locked by cruddur release ")
                    || other.exitCode() == 0 && other.out().contains("Nothing to do"))
            .as(
                "stood back: exit 5 naming the holder, or waited and found nothing to do:\n%s",
                other)
            .isTrue();
      }
    }
    assertThat(results.get(2).exitCode()).as("--wait never exits 5").isZero();

    assertThat(
            target.queryOne(
                "SELECT string_agg(step || ':' || outcome, ',' ORDER BY id) FROM"
                    + " cruddur_release_ledger WHERE step LIKE 'V%'"))
        .as("each versioned step applied once")
        .isEqualTo("V001:SUCCEEDED,V002:SUCCEEDED,V003:SUCCEEDED,V004:SUCCEEDED,V010:SUCCEEDED");
    assertThat(
            target.queryOne(
                "SELECT count(*) FROM cruddur_release_ledger WHERE outcome <> 'SUCCEEDED'"))
        .isEqualTo("0");
    assertThat(target.queryOne("SELECT count(*) FROM databasechangelog")).isEqualTo("9");
    assertThat(target.queryOne("SELECT count(*) FROM users")).isEqualTo("2");
    assertThat(DynamoFaultsTest.itemCount(target)).isEqualTo(24 + 2);
  }

  private static void awaitHolderAndOneStoodBack(List<CruddurProcess> releases, TestTarget target) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!(Gate.waiting(target) && (!releases.get(0).isAlive() || !releases.get(1).isAlive()))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no release at the gate with another stood back within " + LIMIT);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
