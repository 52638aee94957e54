package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.Gate;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Releases killed with SIGKILL at random points (inside a Liquibase changeset, held there by a
 * {@link Gate}; in the middle of a seed; inside the Cognito sync's transaction, held there by a row
 * the test locks; anywhere), again and again: the next release always completes, with no manual
 * unlock, and leaves exactly the data of a release that was never interrupted.
 */
@ExtendWith(SharedLocalEnvironment.class)
class KillNineTest {
  static final Duration LIMIT = Duration.ofSeconds(120);
  static final long VOLUME = 3000;

  TestProject project() {
    return TestProject.copyOfRepository("kill-nine")
        // a changeset that waits at the test's gate: the kill inside Liquibase lands there
        .addChangelog("004_gate.sql", Gate.changelog("004-gate"))
        .write(
            "seeders/V005__volume.yaml",
            "kind: dynamodb-seed\ncontexts: [dev]\nsynthetic: {users: 20, groups: 10, messages: "
                + VOLUME
                + "}\n");
  }

  /** What a release leaves behind, to compare runs. */
  record Footprint(String ledger, String changesets, String users, String linked, long items) {
    static Footprint of(TestTarget target) {
      return new Footprint(
          target.queryOne(
              "SELECT string_agg(DISTINCT step, ',' ORDER BY step) FROM cruddur_release_ledger"
                  + " WHERE outcome = 'SUCCEEDED'"),
          target.queryOne("SELECT count(*) FROM databasechangelog"),
          target.queryOne("SELECT count(*) FROM users"),
          target.queryOne("SELECT count(*) FROM users WHERE cognito_user_id <> 'MOCK'"),
          DynamoFaultsTest.itemCount(target));
    }
  }

  @Test
  void aReleaseKilledAtRandomPointsIsCompletedByTheNextWithTheDataOfACleanRun()
      throws SQLException {
    TestProject project = project();
    TestTarget clean = TestTarget.fresh("kill-nine-clean");
    Cli.Result reference =
        Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir()).run(clean.args("release"));
    assertThat(reference.exitCode()).as(reference.toString()).isZero();
    Footprint expected = Footprint.of(clean);

    TestTarget target = TestTarget.fresh("kill-nine");
    Random random = new Random(20261125);
    List<String> killedAt = new ArrayList<>();
    for (String point : List.of("liquibase", "seed", "sync", "anywhere")) {
      // --wait: a killed release's statement runs on in the server, holding the release lock, until
      // it ends
      Gate gate = point.equals("liquibase") ? Gate.shut(target) : null;
      // the sync reads public.users FOR UPDATE in its transaction: a row the test holds keeps it
      // there, inside the step, until the kill
      Connection heldRow = point.equals("sync") ? lockRow(target, "bayko") : null;
      CruddurProcess release =
          CruddurProcess.start(project.dir(), target.args("release", "--wait", "60s"));
      BooleanSupplier reached =
          switch (point) {
            case "liquibase" -> () -> Gate.waiting(target);
            // the seed step under way (its ledger row STARTED): on a quiet machine its 3,000 items
            // take well under a second
            case "seed" ->
                () ->
                    "t"
                        .equals(
                            safe(
                                target,
                                "SELECT EXISTS (SELECT 1 FROM cruddur_release_ledger "
                                    + "WHERE step = 'V005' AND outcome = 'STARTED')"));
            case "sync" ->
                () ->
                    "t"
                        .equals(
                            safe(
                                target,
                                "SELECT EXISTS (SELECT 1 FROM cruddur_release_ledger "
                                    + "WHERE step = 'R__cognito_sync' AND outcome = 'STARTED')"));
            default -> {
              long at = System.nanoTime() + Duration.ofMillis(300 + random.nextInt(5000)).toNanos();
              yield () -> System.nanoTime() > at;
            }
          };
      if (release.reaches(reached, LIMIT)) {
        release.kill();
        killedAt.add(point);
      } else {
        release.await(LIMIT); // it finished before the point: nothing left to kill
      }
      if (gate != null) {
        gate.open(); // the dead release's changeset ends, and with it its hold on the lock
      }
      if (heldRow != null) {
        heldRow.close(); // the dead release's SELECT … FOR UPDATE ends, and its transaction
      }
    }

    Cli.Result last =
        CruddurProcess.start(project.dir(), target.args("release", "--wait", "60s")).await(LIMIT);

    assertThat(killedAt).as("the kills happened").contains("liquibase", "seed", "sync");
    assertThat(last.exitCode()).as(last.toString()).isZero();
    assertThat(Footprint.of(target)).isEqualTo(expected);
    assertThat(target.queryOne("SELECT locked FROM databasechangeloglock")).isEqualTo("f");
  }

  /** A session of the test's that holds {@code handle}'s row of public.users FOR UPDATE. */
  private static Connection lockRow(TestTarget target, String handle) throws SQLException {
    Connection c = target.connect();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("SELECT 1 FROM public.users WHERE handle = '" + handle + "' FOR UPDATE");
    }
    return c;
  }

  private static String safe(TestTarget target, String sql) {
    try {
      return target.queryOne(sql);
    } catch (IllegalStateException notYet) {
      return null;
    }
  }
}
