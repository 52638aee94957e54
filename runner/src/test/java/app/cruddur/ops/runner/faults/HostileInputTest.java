package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Input a hostile (or unlucky) user gives: passwords with {@code /} and {@code @}, a macOS {@code
 * .DS_Store} and an editor's swap file under {@code migrations/}, a changelog that includes itself,
 * a synthetic seed of two billion users, ports and numbers out of range. Each is one line naming
 * the file or flag, with its exit code, and nothing written.
 */
class HostileInputTest extends LocalSliceTest {
  static final String SLASHED = "s3cr3t/slash-never-printed";
  static final String AT_SIGNED = "s3cr3t@at-never-printed";

  void assertNothingWritten() {
    if ("f"
        .equals(target.queryOne("SELECT to_regclass('public.cruddur_release_ledger') IS NULL"))) {
      assertThat(target.queryOne("SELECT count(*) FROM cruddur_release_ledger")).isEqualTo("0");
    }
    assertThat(target.queryOne("SELECT to_regclass('public.users') IS NULL")).isEqualTo("t");
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aPasswordWithASlashOrAnAtSignIsNeverPrinted() throws IOException {
    int port = closedPort();
    Cli.Result slashed =
        cli.run(
            "status",
            "--context",
            "dev",
            "--db-url",
            "postgresql://app:" + SLASHED + "@127.0.0.1:" + port + "/x");
    Cli.Result atSigned =
        cli.run(
            "status",
            "--context",
            "dev",
            "--db-url",
            "postgresql://app:" + AT_SIGNED + "@127.0.0.1:" + port + "/x",
            "-o",
            "json");
    Cli.Result badFlag =
        cli.run(
            "status",
            "--endpoint-url",
            "http://key:" + AT_SIGNED + "@127.0.0.1:9",
            "--region",
            "us-east-1");

    assertThat(slashed.exitCode()).as(slashed.toString()).isEqualTo(2);
    assertThat(slashed.errorLine())
        .isEqualTo(
            "error: the database URL postgresql://app:****@127.0.0.1:"
                + port
                + "/x has no host. Write it as postgresql://USER@HOST:5432/DATABASE, with / ? # in"
                + " the password percent-encoded (%2F %3F %23)");
    assertThat(atSigned.exitCode()).as(atSigned.toString()).isEqualTo(4);
    assertThat(atSigned.errorLine())
        .startsWith(
            "error: cannot connect to PostgreSQL postgresql://app@127.0.0.1:" + port + "/x: ");
    assertThat(badFlag.exitCode()).isEqualTo(2);
    assertThat(badFlag.errorLine()).contains("'http://key:****@127.0.0.1:9'");
    for (Cli.Result r : new Cli.Result[] {slashed, atSigned, badFlag}) {
      assertThat(r.out() + r.err()).doesNotContain("s3cr3t", "never-printed");
    }
  }

  @Test
  void aFileUnderMigrationsThatIsNotTextIsNamedAndNothingIsApplied() throws IOException {
    Files.write(
        project.file("migrations/.DS_Store"),
        new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1', (byte) 0xff, (byte) 0xfe});

    Cli.Result dsStore = run("release");
    Files.delete(project.file("migrations/.DS_Store"));
    Files.write(
        project.file("migrations/.001_users.sql.swp"),
        new byte[] {'b', '0', 'V', 'I', 'M', (byte) 0xc3, (byte) 0x28});
    Cli.Result swap = run("validate");

    assertThat(dsStore.exitCode()).as(dsStore.toString()).isEqualTo(2);
    assertThat(dsStore.errorLine())
        .isEqualTo(
            "error: migrations/.DS_Store: is not UTF-8 text (everything under the changelog's"
                + " directory is read as part of the migrations). Delete it, or move it out of"
                + " migrations/ (editor swap files and .DS_Store belong in .gitignore); nothing was"
                + " applied");
    assertThat(swap.exitCode()).isEqualTo(2);
    assertThat(swap.errorLine())
        .startsWith("error: migrations/.001_users.sql.swp: is not UTF-8 text");
    assertNothingWritten();
  }

  @Test
  void aStepFileThatIsNotTextIsNamed() throws IOException {
    Files.write(
        project.file("seeders/V005__binary.yaml"),
        new byte[] {'k', 'i', 'n', 'd', ':', (byte) 0xff});

    Cli.Result r = run("release");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLine())
        .isEqualTo(
            "error: seeders/V005__binary.yaml: is not UTF-8 text. Save it as UTF-8, or move it out"
                + " of seeders/; nothing was applied");
  }

  @Test
  void aChangelogThatIncludesItselfIsOneLineNamingTheCycle() {
    project.write(
        "migrations/loop.yaml",
        "databaseChangeLog:\n  - include:\n      file: migrations/changelog.yaml\n");
    project.write(
        "migrations/changelog.yaml",
        project.read("migrations/changelog.yaml")
            + "  - include:\n      file: migrations/loop.yaml\n");

    Cli.Result r = run("release");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.errorLine())
        .isEqualTo(
            "error: migrations/loop.yaml: the changelog includes itself (migrations/changelog.yaml"
                + " includes migrations/loop.yaml, which includes migrations/changelog.yaml)."
                + " Remove the include that leads back; nothing was applied");
    assertThat(r.err().lines().count()).as("no stack trace").isLessThan(5);
    assertNothingWritten();
  }

  @Test
  void aSyntheticSeedOfTwoBillionUsersIsRefusedAtItsLine() {
    project.write(
        "seeders/V005__volume.yaml",
        "kind: dynamodb-seed\ncontexts: [dev]\nsynthetic:\n  users: 2000000000\n"
            + "  groups: 10\n  messages: 100\n");
    Cli.Result seed = run("release");
    project
        .delete("seeders/V005__volume.yaml")
        .write(
            "seeders/V003__cognito_dev_users.yaml",
            project.read("seeders/V003__cognito_dev_users.yaml") + "synthetic: 2000000000\n");
    Cli.Result pool = run("release");
    Cli.Result flag = run("ddb", "seed", "--messages", "10", "--users", "2000000000");

    assertThat(seed.exitCode()).as(seed.toString()).isEqualTo(2);
    assertThat(seed.errorLine())
        .isEqualTo(
            "error: seeders/V005__volume.yaml line 4: users must be from 2 to 100000, not"
                + " 2000000000. Fix the file; nothing was applied");
    assertThat(pool.exitCode()).isEqualTo(2);
    assertThat(pool.errorLine())
        .startsWith("error: seeders/V003__cognito_dev_users.yaml line ")
        .contains(": 'synthetic' must be at most 100000 users, not 2000000000");
    assertThat(flag.exitCode()).isEqualTo(2);
    assertThat(flag.errorLine())
        .isEqualTo(
            "error: --users must be from 2 to 100000, not 2000000000. Pass a number in that range;"
                + " nothing was written");
    assertNothingWritten();
  }

  @Test
  void portsDurationsAndNumbersFromFlagsAreCheckedLikeEverythingElse() {
    Cli.Result postgresPort = cli.run("local", "up", "--postgres-port", "70000");
    Cli.Result motoPort = cli.run("local", "up", "--moto-port", "0");
    Cli.Result endpointPort =
        cli.run(
            "ddb",
            "list-tables",
            "--endpoint-url",
            "http://127.0.0.1:99999",
            "--region",
            "us-east-1");
    Cli.Result dbPort = cli.run("status", "--db-url", "postgresql://postgres@127.0.0.1:123456/x");
    Cli.Result wait = run("release", "--wait", "400h");
    Cli.Result parallel = run("ddb", "seed", "--messages", "10", "--parallel", "0");
    Cli.Result messages = run("ddb", "seed", "--messages", "-3");

    assertThat(postgresPort.errorLine())
        .isEqualTo(
            "error: --postgres-port must be a TCP port from 1 to 65535, not 70000. Pass a "
                + "free port, or leave --postgres-port out to take the next free one");
    assertThat(motoPort.errorLine())
        .startsWith("error: --moto-port must be a TCP port from 1 to 65535, not 0.");
    assertThat(endpointPort.errorLine())
        .isEqualTo(
            "error: --endpoint-url 'http://127.0.0.1:99999' is not a URL: its port 99999 is "
                + "not from 1 to 65535. Write it as http://HOST:PORT, e.g. http://localhost:4566");
    assertThat(dbPort.errorLine())
        .startsWith(
            "error: the database URL postgresql://postgres@127.0.0.1:123456/x has port 123456");
    assertThat(wait.errorLine())
        .isEqualTo(
            "error: Invalid value for option '--wait': '400h' is not a duration from 0 to 24h. "
                + "See 'cruddur release --help'");
    assertThat(parallel.errorLine())
        .isEqualTo(
            "error: --parallel must be from 1 to 64, not 0. Pass how many requests to keep in"
                + " flight");
    assertThat(messages.errorLine())
        .startsWith("error: --messages must be from 0 to 100000000, not -3.");
    for (Cli.Result r :
        new Cli.Result[] {postgresPort, motoPort, endpointPort, dbPort, wait, parallel, messages}) {
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    }
    assertNothingWritten();
  }
}
