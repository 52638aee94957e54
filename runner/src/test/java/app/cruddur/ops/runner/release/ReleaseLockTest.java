package app.cruddur.ops.runner.release;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.Gate;
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
 * with --wait; a release killed with SIGKILL leaves nothing for a human to unlock. The holder and
 * the killed release are processes; what only asks the lock runs in this JVM (its own session).
 */
@ExtendWith(SharedLocalEnvironment.class)
class ReleaseLockTest {
  static final Duration LIMIT = Duration.ofSeconds(90);

  TestProject project;
  TestTarget target;
  Cli cli;

  @BeforeEach
  void setUp(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    // A changeset that waits at the test's gate holds the lock for as long as the test needs it.
    project =
        TestProject.copyOfRepository(name).addChangelog("004_gate.sql", Gate.changelog("004-gate"));
    target = TestTarget.fresh(name);
    cli = Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir());
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

  /** Waits until the release waits at the gate, inside Liquibase (which holds its own lock). */
  void awaitAtTheGate(CruddurProcess holder) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Gate.waiting(target)) {
        return;
      }
      assertThat(holder.isAlive()).as("the release ended before the gate").isTrue();
      sleep(100);
    }
    throw new AssertionError("the release did not reach the gate within " + LIMIT);
  }

  /** Waits until no session of this database waits at the gate any more. */
  void awaitGatePassed() {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!Gate.waiting(target)) {
        return;
      }
      sleep(100);
    }
    throw new AssertionError("the killed release's changeset still ran after " + LIMIT);
  }

  @Test
  void aSecondReleaseExitsFiveNamingTheHolderAndWithWaitAppliesNothingOnceTheFirstIsDone() {
    CruddurProcess first;
    Cli.Result second;
    CruddurProcess third;
    try (Gate gate = Gate.shut(target)) {
      first = start("release");
      awaitStepStarted(first);
      awaitAtTheGate(first);

      // the second from this JVM: the lock is a server session's, whichever process asks
      second = cli.run(target.args("release"));
      third = start("release", "--wait", "2m");
    }

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
    try (Gate gate = Gate.shut(target)) {
      CruddurProcess doomed = start("release");
      awaitAtTheGate(doomed);
      doomed.kill();
    }
    // the dead release's SQL runs on the session that holds the release lock: the lock lasts until
    // the server has ended that statement (SqlUnderTheLockTest), then the step shows as interrupted
    awaitGatePassed();
    assertThat(target.queryOne("SELECT locked FROM databasechangeloglock"))
        .as("Liquibase's own lock is left set")
        .isEqualTo("t");

    Cli.Result status = cli.run(target.args("status"));
    assertThat(status.out()).containsPattern("V001\\s+liquibase\\s+postgres\\s+interrupted");

    Cli.Result next = cli.run(target.args("release"));

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
