package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, "wrong database": a database given by CRUDDUR_DATABASE_URL or --db-url that is not the
 * local environment's own server is never "local". The target printed is the target written, a
 * release there needs a context and a rollback the database's name. Played with a second, unrelated
 * PostgreSQL server beside the shared local environment.
 */
class WrongDatabaseTest extends LocalSliceTest {
  static EmbeddedPostgres other;

  @BeforeAll
  static void anotherServer() throws IOException {
    other = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopIt() throws IOException {
    if (other != null) {
      other.close();
    }
  }

  String otherUrl(String database) {
    return "postgresql://postgres@127.0.0.1:" + other.getPort() + "/" + database;
  }

  String otherTarget(String database, String source) {
    return "local engines, database " + otherUrl(database) + " (" + source + ")";
  }

  void createOtherDatabase(String database) throws SQLException {
    try (Connection c = other.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
  }

  String queryOther(String database, String sql) throws SQLException {
    try (Connection c = other.getDatabase("postgres", database).getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /**
   * The slice's table and pool (moto's are shared), with the database left to the environment or
   * --db-url.
   */
  Cli.Result runOnSliceStores(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--table";
    all[args.length + 1] = target.table();
    all[args.length + 2] = "--user-pool-name";
    all[args.length + 3] = target.userPoolName();
    return cli.run(all);
  }

  @Test
  void aReleaseWithCruddurDatabaseUrlOfAnotherServerNeedsAContextAndSaysWhereItWrites()
      throws SQLException {
    createOtherDatabase("by_env");
    cli.env("CRUDDUR_DATABASE_URL", otherUrl("by_env"));

    Cli.Result refused = runOnSliceStores("release");

    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.errorLine())
        .isEqualTo(
            "error: a release on "
                + otherTarget("by_env", "CRUDDUR_DATABASE_URL")
                + " needs a context. Pass --context prod (or dev, test): only the local environment"
                + " with its own database assumes dev");
    assertThat(
            queryOther(
                "by_env",
                "SELECT to_regclass('public.cruddur_release_ledger') IS NULL AND"
                    + " to_regclass('public.users') IS NULL"))
        .as("nothing written there")
        .isEqualTo("t");

    Cli.Result refusedJson = runOnSliceStores("release", "--output", "json");
    assertThat(refusedJson.out())
        .as("the failure's envelope names the target as the error does")
        .contains("\"target\" : \"" + otherTarget("by_env", "CRUDDUR_DATABASE_URL") + "\"")
        .contains("CONTEXT_REQUIRED");

    Cli.Result json = runOnSliceStores("status", "--context", "dev", "--output", "json");
    assertThat(json.out())
        .contains("\"target\" : \"" + otherTarget("by_env", "CRUDDUR_DATABASE_URL") + "\"");

    Cli.Result released = runOnSliceStores("release", "--context", "dev");
    assertThat(released.exitCode()).as(released.toString()).isZero();
    assertThat(released.out())
        .startsWith(
            "Release to " + otherTarget("by_env", "CRUDDUR_DATABASE_URL") + " (context dev)");
    assertThat(
            queryOther(
                "by_env",
                "SELECT count(*) FROM cruddur_release_ledger WHERE outcome = 'SUCCEEDED'"))
        .as("every step of the dev context: V001-V004, V010, R__cognito_sync")
        .isEqualTo("6");

    Cli.Result sync = runOnSliceStores("cognito", "sync", "--dry-run", "--output", "json");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(sync.out())
        .contains("\"target\" : \"" + otherTarget("by_env", "CRUDDUR_DATABASE_URL") + "\"");
  }

  @Test
  void aRollbackOfAnotherServersDatabaseNeedsItsNameRepeated() throws SQLException {
    createOtherDatabase("by_flag");
    String url = otherUrl("by_flag");
    assertThat(runOnSliceStores("release", "--context", "dev", "--db-url", url).exitCode())
        .isZero();
    String applied = queryOther("by_flag", "SELECT count(*) FROM databasechangelog");

    Cli.Result unconfirmed =
        cli.run("db", "rollback", "--count", "99", "--context", "dev", "--db-url", url);

    assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isEqualTo(2);
    assertThat(unconfirmed.errorLine())
        .isEqualTo(
            "error: rollback --count 99 on "
                + otherTarget("by_flag", "--db-url")
                + " ("
                + url
                + ") needs confirmation. Repeat the database's name: --confirm by_flag");
    assertThat(queryOther("by_flag", "SELECT count(*) FROM databasechangelog"))
        .as("nothing rolled back")
        .isEqualTo(applied);

    Cli.Result confirmed =
        cli.run(
            "db",
            "rollback",
            "--count",
            "1",
            "--context",
            "dev",
            "--db-url",
            url,
            "--confirm",
            "by_flag");
    assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
    assertThat(queryOther("by_flag", "SELECT count(*) FROM databasechangelog"))
        .isEqualTo(String.valueOf(Integer.parseInt(applied) - 1));
  }

  @Test
  void anotherDatabaseOnTheLocalEnvironmentsOwnServerIsStillLocal() {
    Cli.Result r = run("release");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Release to local (context dev)");
  }
}
