package app.cruddur.ops.runner.release;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SQL of a release runs on the session that holds the release lock, under lock and statement
 * timeouts, between real processes: a release killed with SIGKILL in the middle of a {@code CREATE
 * INDEX CONCURRENTLY} keeps the lock until the server has ended that statement, so no rerun runs it
 * beside the dead one, and the rerun leaves a valid index; a changeset blocked by another session
 * says on what and on whom it waits, and gives up after {@code lock_timeout}.
 */
@ExtendWith(SharedLocalEnvironment.class)
class SqlUnderTheLockTest {
  static final Duration LIMIT = Duration.ofSeconds(120);

  TestProject project;
  TestTarget target;

  @BeforeEach
  void setUp(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    project = TestProject.copyOfRepository(name);
    target = TestTarget.fresh(name);
    Cli.Result first = cli().run(target.args("release"));
    assertThat(first.exitCode()).as(first.toString()).isZero();
  }

  Cli cli() {
    return Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir());
  }

  CruddurProcess start(String... args) {
    return CruddurProcess.start(project.dir(), target.args(args));
  }

  /** A session of someone else's that takes {@code lockSql} in a transaction and keeps it open. */
  Connection blocker(String lockSql) throws Exception {
    Connection c = target.connect();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute(lockSql);
    }
    return c;
  }

  int pidOf(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void
      aReleaseKilledDuringAConcurrentIndexBuildKeepsTheLockUntilItsSqlEndsAndTheRerunLeavesAValidIndex()
          throws Exception {
    project
        .write(
            "seeders/V001__schema.yaml",
            project.read("seeders/V001__schema.yaml") + "lock_timeout: 2m\n")
        .addChangelog(
            "005_email.sql",
            """
            --liquibase formatted sql

            --changeset cruddur:005-email-unique runInTransaction:false
            CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_uidx ON public.users (email);
            --rollback DROP INDEX CONCURRENTLY IF EXISTS public.users_email_uidx;
            """);
    // a writer's open transaction: the index build waits for it, as it would behind the
    // application's traffic
    try (Connection writer = blocker("LOCK TABLE public.users IN ROW EXCLUSIVE MODE")) {
      CruddurProcess doomed = start("release");
      String waitingBuild =
          "SELECT pid FROM pg_stat_activity WHERE query LIKE 'CREATE UNIQUE INDEX CONCURRENTLY%' "
              + "AND wait_event_type = 'Lock'";
      await(
          () -> count("SELECT count(*) FROM (" + waitingBuild + ") b") == 1,
          doomed,
          "the build to wait");
      long build = count(waitingBuild);
      assertThat(
              count(
                  "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = "
                      + build))
          .as("the session that builds the index is the one holding the release lock")
          .isEqualTo(1);
      doomed.kill();

      CruddurProcess rerun = start("release", "--wait", "2m");
      await(
          () ->
              !rerun.isAlive()
                  || count(
                          "SELECT count(*) FROM cruddur_release_ledger WHERE step = 'V001' AND"
                              + " outcome = 'STARTED'")
                      == 2,
          null,
          "the rerun to start V001");
      assertThat(count("SELECT count(*) FROM pg_stat_activity WHERE pid = " + build))
          .as("the dead release's index build has ended before the rerun starts the step")
          .isZero();
      // the rerun waits for the writer too (dropping the dead build's index, then building it): let
      // the writer finish
      await(
          () ->
              !rerun.isAlive()
                  || count(
                          "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                              + "AND application_name LIKE '%pid "
                              + rerun.pid()
                              + "'")
                      == 1,
          null,
          "the rerun to wait for the writer");
      writer.commit();
      Cli.Result result = rerun.await(LIMIT);

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.err())
          .contains(
              "dropped the invalid index public.users_email_uidx left by a CREATE INDEX"
                  + " CONCURRENTLY that did not finish");
      assertThat(
              target.queryOne(
                  "SELECT indisvalid FROM pg_index WHERE indexrelid ="
                      + " 'public.users_email_uidx'::regclass"))
          .as("a release that succeeds leaves no invalid index")
          .isEqualTo("t");
      assertThat(
              target.queryOne(
                  "SELECT count(*) FROM databasechangelog WHERE id = '005-email-unique'"))
          .isEqualTo("1");
      assertThat(
              target.queryOne(
                  "SELECT string_agg(outcome, ',' ORDER BY id) FROM cruddur_release_ledger WHERE"
                      + " step = 'V001'"))
          .isEqualTo("SUCCEEDED,STARTED,SUCCEEDED");
    }
  }

  @Test
  void aChangesetBlockedByAnIdleTransactionSaysOnWhomItWaitsAndGivesUpAfterLockTimeout()
      throws Exception {
    project
        .write(
            "seeders/V001__schema.yaml",
            project.read("seeders/V001__schema.yaml") + "lock_timeout: 5s\n")
        .addChangelog(
            "005_pronouns.sql",
            """
            --liquibase formatted sql

            --changeset cruddur:005-pronouns
            ALTER TABLE public.users ADD COLUMN pronouns text;
            --rollback ALTER TABLE public.users DROP COLUMN pronouns;
            """);
    Cli.Result result;
    int blockerPid;
    try (Connection idle = target.connect()) {
      blockerPid = pidOf(idle);
      idle.setAutoCommit(false);
      try (Statement s = idle.createStatement()) {
        s.execute("SELECT count(*) FROM public.users");
      }
      // in this JVM: the blocked session is the server's, and the release reports it the same
      result = cli().run(target.args("release"));
    }

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err())
        .containsPattern(
            "V001 has waited \\d+ s for table users, held by server pid "
                + blockerPid
                + " \\([^,]+, user postgres, idle in transaction for \\d+ s, last query: SELECT"
                + " count\\(\\*\\) FROM public.users\\)");
    assertThat(result.errorLine())
        .startsWith(
            "error: V001 (seeders/V001__schema.yaml) failed: migrations/005_pronouns.sql line 4,"
                + " changeset 005-pronouns (cruddur), in \"ALTER TABLE public.users ADD COLUMN"
                + " pronouns text\": ERROR: canceling statement due to lock timeout (lock_timeout 5"
                + " s, statement_timeout 1 h); it was"
                + " waiting for table users, held by server pid "
                + blockerPid
                + " (")
        .contains("user postgres, idle in transaction for ")
        .endsWith(
            "Let the session that holds the lock finish (or end it), or raise lock_timeout /"
                + " statement_timeout in seeders/V001__schema.yaml; then rerun the release, it"
                + " retries the step");

    Cli.Result rerun = cli().run(target.args("release"));
    assertThat(rerun.exitCode()).as("once the session is gone: " + rerun).isZero();
    assertThat(rerun.out()).contains("applied 1 changeset: 005-pronouns");
  }

  @Test
  void aChangesetThatRunsLongerThanStatementTimeoutIsCancelled() {
    project
        .write(
            "seeders/V001__schema.yaml",
            project.read("seeders/V001__schema.yaml") + "statement_timeout: 2s\n")
        .addChangelog(
            "005_slow.sql",
            """
            --liquibase formatted sql

            --changeset cruddur:005-slow
            SELECT pg_sleep(60);
            --rollback SELECT 1;
            """);

    Cli.Result result = cli().run(target.args("release"));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.errorLine())
        .contains(
            "canceling statement due to statement timeout (lock_timeout 10 s, statement_timeout 2"
                + " s)");
    assertThat(target.queryOne("SELECT count(*) FROM databasechangelog WHERE id = '005-slow'"))
        .isEqualTo("0");
  }

  private long count(String sql) {
    try {
      return Long.parseLong(target.queryOne(sql));
    } catch (IllegalStateException notYet) {
      return -1;
    }
  }

  private static void await(BooleanSupplier condition, CruddurProcess mustLive, String what) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      if (mustLive != null) {
        assertThat(mustLive.isAlive()).as("the release ended before " + what).isTrue();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("waited " + LIMIT + " for " + what);
  }
}
