package app.cruddur.ops.runner.release;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The release lock between real processes: a second release exits 5 naming the holder or queues
 * with --wait; a release killed with SIGKILL leaves nothing for a human to unlock.
 */
@ExtendWith(SharedLocalEnvironment.class)
class ReleaseLockTest {
  static final Duration LIMIT = Duration.ofSeconds(90);

  TestProject project;
  TestTarget target;

  @BeforeEach
  void setUp(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    // A changeset that takes a few seconds holds the lock long enough to meet it.
    project =
        TestProject.copyOfRepository(name)
            .addChangelog(
                "004_slow.sql",
                """
                --liquibase formatted sql

                --changeset cruddur:004-slow
                SELECT pg_sleep(4);
                --rollback SELECT 1;
                """);
    target = TestTarget.fresh(name);
  }

  CruddurProcess start(String... args) {
    return CruddurProcess.start(project.dir(), target.args(args));
  }

  /**
   * Waits until a release has recorded a step as STARTED: it holds the lock and is inside the step.
   */
  void awaitStepStarted(CruddurProcess holder) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if ("t"
          .equals(
              safe(
                  "SELECT EXISTS (SELECT 1 FROM cruddur_release_ledger WHERE outcome ="
                      + " 'STARTED')"))) {
        return;
      }
      assertThat(holder.isAlive()).as("the first release ended before it got going").isTrue();
      sleep(100);
    }
    throw new AssertionError("no step started within " + LIMIT);
  }

  /** Waits until the slow changeset runs: Liquibase holds its own table lock by then. */
  void awaitSlowChangeset(CruddurProcess holder) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if ("t"
          .equals(
              safe(
                  "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                      + " AND query LIKE 'SELECT pg_sleep(4)%' AND pid <> pg_backend_pid())"))) {
        return;
      }
      assertThat(holder.isAlive()).as("the release ended before the slow changeset").isTrue();
      sleep(100);
    }
    throw new AssertionError("the slow changeset did not start within " + LIMIT);
  }

  /** Waits until no session of this database runs the slow changeset any more. */
  void awaitSlowChangesetEnded() {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if ("f"
          .equals(
              safe(
                  "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
                      + " AND query LIKE 'SELECT pg_sleep(4)%' AND state = 'active' AND pid <>"
                      + " pg_backend_pid())"))) {
        return;
      }
      sleep(100);
    }
    throw new AssertionError("the killed release's slow changeset still ran after " + LIMIT);
  }

  @Test
  void aSecondReleaseExitsFiveNamingTheHolderAndWithWaitAppliesNothingOnceTheFirstIsDone() {
    CruddurProcess first = start("release");
    awaitStepStarted(first);

    Cli.Result second = start("release").await(LIMIT);
    CruddurProcess third = start("release", "--wait", "2m");

    assertThat(second.exitCode()).as(second.toString()).isEqualTo(5);
    assertThat(second.errorLine())
        .matches(
            "error: locked by cruddur release \\S+@\\S+ pid "
                + first.pid()
                + " \\(server pid \\d+\\) since \\S+Z\\. Another release is applying to this"
                + " target: let it finish, or queue behind it with --wait 10m");

    Cli.Result firstResult = first.await(LIMIT);
    Cli.Result thirdResult = third.await(LIMIT);

    assertThat(firstResult.exitCode()).as(firstResult.toString()).isZero();
    assertThat(firstResult.out()).contains("applied 9 changesets");
    assertThat(thirdResult.exitCode()).as(thirdResult.toString()).isZero();
    assertThat(thirdResult.out()).contains("Nothing to do").contains("nothing to write");
    assertThat(target.queryOne("SELECT count(*) FROM cruddur_release_ledger"))
        .as("one row per versioned step, once; the sync once per release")
        .isEqualTo("7");
  }

  @Test
  void aReleaseKilledMidStepIsRetriedByTheNextWithoutAnyManualUnlock() {
    CruddurProcess doomed = start("release");
    awaitSlowChangeset(doomed);
    doomed.kill();
    // the dead release's SQL runs on the session that holds the release lock: the lock lasts until
    // the server has ended that statement (SqlUnderTheLockTest), then the step shows as interrupted
    awaitSlowChangesetEnded();
    assertThat(target.queryOne("SELECT locked FROM databasechangeloglock"))
        .as("Liquibase's own lock is left set")
        .isEqualTo("t");

    Cli.Result status =
        Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir()).run(target.args("status"));
    assertThat(status.out()).containsPattern("V001\\s+liquibase\\s+postgres\\s+interrupted");

    Cli.Result next = start("release").await(LIMIT);

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.out()).contains("V001", "V002");
    assertThat(next.err()).contains("released Liquibase's lock left by a run that died");
    assertThat(target.queryOne("SELECT locked FROM databasechangeloglock")).isEqualTo("f");
    assertThat(target.queryOne("SELECT count(*) FROM databasechangelog")).isEqualTo("9");
    assertThat(target.queryOne("SELECT count(*) FROM users")).isEqualTo("2");
    List<String> outcomes =
        List.of(
            target
                .queryOne(
                    "SELECT string_agg(step || ':' || outcome, ',' ORDER BY id) FROM"
                        + " cruddur_release_ledger")
                .split(","));
    assertThat(outcomes)
        .containsExactly(
            "V001:STARTED",
            "V001:SUCCEEDED",
            "V002:SUCCEEDED",
            "V003:SUCCEEDED",
            "V004:SUCCEEDED",
            "V010:SUCCEEDED",
            "R__cognito_sync:SUCCEEDED");
  }

  private String safe(String sql) {
    try {
      return target.queryOne(sql);
    } catch (IllegalStateException notYet) {
      return null;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
