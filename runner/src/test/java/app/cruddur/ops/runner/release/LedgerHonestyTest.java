package app.cruddur.ops.runner.release;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import org.junit.jupiter.api.Test;

/**
 * The ledger records no lie: every applied changeset is validated whatever the step's last attempt
 * did (failed, rolled back), a checksum is never cleared to make an error go away, a step that
 * never applied is not drift when deleted, a duplicate changeset and an out-of-order step are
 * refused before anything is written, and a seed whose users are missing says so honestly.
 */
class LedgerHonestyTest extends LocalSliceTest {
  static final String BROKEN =
      """
      --liquibase formatted sql

      --changeset cruddur:005-pronouns
      ALTER TABLE public.nope ADD COLUMN pronouns text;
      --rollback SELECT 1;
      """;
  static final String FIXED =
      BROKEN
          .replace("public.nope", "public.users")
          .replace(
              "--rollback SELECT 1;", "--rollback ALTER TABLE public.users DROP COLUMN pronouns;");

  /** A seed whose first speaker is no user of the database. */
  static final String GHOST_CONVERSATION =
      """
      kind: dynamodb-seed
      contexts: [dev]
      group: 5ae290ed-55d1-47a0-bc6d-fe2bc2700398
      anchor: 2026-11-01T10:00:00Z
      speakers:
        Person 1: ghost
        Person 2: bayko
      conversation: |
        Person 1: boo
      """;

  String editedUsers() {
    return project
        .read("migrations/001_users.sql")
        .replace("email           text", "email           varchar(320)");
  }

  String md5Of(String id) {
    return target.queryOne("SELECT md5sum FROM databasechangelog WHERE id = '" + id + "'");
  }

  @Test
  void anAppliedChangesetEditedAfterAFailedReleaseIsDriftAndNoChecksumIsCleared() {
    assertThat(run("release").exitCode()).isZero();
    String usersMd5 = md5Of("001-users");
    String original = project.read("migrations/001_users.sql");
    project.addChangelog("005_pronouns.sql", BROKEN);
    Cli.Result failed = run("release");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);

    project.write("migrations/001_users.sql", editedUsers());
    Cli.Result validate = run("validate");
    project.write("migrations/005_pronouns.sql", FIXED);
    Cli.Result release = run("release");

    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(3);
    assertThat(validate.errorLine())
        .contains(
            "migrations/001_users.sql changeset 001-users (cruddur) changed since it was applied");
    assertThat(release.exitCode()).as(release.toString()).isEqualTo(3);
    assertThat(md5Of("001-users"))
        .as("Liquibase's record of the applied changeset is left alone")
        .isEqualTo(usersMd5);

    project.write("migrations/001_users.sql", original);
    Cli.Result reverted = run("release");
    assertThat(reverted.exitCode()).as(reverted.toString()).isZero();
    assertThat(reverted.out()).contains("applied 1 changeset: 005-pronouns");
    assertThat(run("validate").exitCode()).as("the reverted file is not the drift").isZero();
    assertThat(md5Of("001-users")).isEqualTo(usersMd5);
  }

  @Test
  void aChangesetAppliedByAFirstAttemptThatFailedIsCheckedByLiquibasesRecord() {
    project.addChangelog("005_pronouns.sql", BROKEN);
    assertThat(run("release").exitCode()).isEqualTo(1);
    assertThat(target.queryOne("SELECT count(*) FROM databasechangelog"))
        .as("the changelog's eight changesets before the broken one ran")
        .isEqualTo("8");

    project.write("migrations/001_users.sql", editedUsers());
    Cli.Result validate = run("validate");

    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(3);
    assertThat(validate.errorLine())
        .matches(
            "error: an applied step changed: V001 seeders/V001__schema.yaml:"
                + " migrations/001_users.sql changeset 001-users \\(cruddur\\) changed since it was"
                + " applied \\(applied 9:[0-9a-f]+, now 9:[0-9a-f]+\\).*");
    assertThat(run("release").exitCode()).isEqualTo(3);
  }

  @Test
  void anAppliedChangesetEditedAfterARollbackIsDriftWhileTheRolledBackOneMayChange() {
    project.addChangelog("005_pronouns.sql", FIXED);
    assertThat(run("release").exitCode()).isZero();
    assertThat(run("db", "rollback", "--count", "1").exitCode()).isZero();
    String original = project.read("migrations/001_users.sql");

    project.write("migrations/001_users.sql", editedUsers());
    Cli.Result drift = run("validate");
    project.write("migrations/001_users.sql", original);
    project.write(
        "migrations/005_pronouns.sql", FIXED.replace("pronouns text", "pronouns varchar(40)"));
    Cli.Result reapplied = run("release");

    assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(3);
    assertThat(drift.errorLine())
        .contains("changeset 001-users (cruddur) changed since it was applied");
    assertThat(reapplied.exitCode()).as(reapplied.toString()).isZero();
    assertThat(reapplied.out()).contains("applied 1 changeset: 005-pronouns");
    assertThat(
            target.queryOne(
                "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' "
                    + "AND column_name = 'pronouns'"))
        .as("the rolled-back changeset ran as it is now")
        .isEqualTo("character varying");
  }

  @Test
  void aStepThatFailedAndWasNeverAppliedMayBeDeleted() {
    assertThat(run("release").exitCode()).isZero();
    project
        .write(
            "other/changelog.yaml",
            "databaseChangeLog:\n  - include:\n      file: other/broken.sql\n")
        .write("other/broken.sql", BROKEN.replace("005-pronouns", "005-broken"))
        .write(
            "seeders/V011__other_schema.yaml",
            "kind: liquibase\nchangelog: other/changelog.yaml\n");
    Cli.Result failed = run("release");
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    assertThat(
            target.queryOne(
                "SELECT string_agg(outcome, ',') FROM cruddur_release_ledger WHERE step = 'V011'"))
        .isEqualTo("FAILED");

    project.delete("seeders/V011__other_schema.yaml");
    Cli.Result validate = run("validate");

    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    assertThat(run("status").out()).doesNotContain("V011");
    assertThat(run("release").exitCode()).isZero();
  }

  @Test
  void aDuplicateChangesetIsAFileErrorBeforeAnythingIsWritten() {
    project.addChangelog(
        "005_twice.sql",
        """
        --liquibase formatted sql

        --changeset cruddur:005-x
        ALTER TABLE public.users ADD COLUMN x int;
        --rollback ALTER TABLE public.users DROP COLUMN x;

        --changeset cruddur:005-x
        ALTER TABLE public.users ADD COLUMN y int;
        --rollback ALTER TABLE public.users DROP COLUMN y;
        """);

    Cli.Result release = run("release");
    Cli.Result validate = run("validate");

    assertThat(release.exitCode()).as(release.toString()).isEqualTo(2);
    assertThat(release.errorLine())
        .isEqualTo(
            "error: migrations/005_twice.sql: changeset 005-x (cruddur) is defined twice. "
                + "Give each changeset its own id (or author); nothing was applied");
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(target.queryOne("SELECT count(*) FROM cruddur_release_ledger")).isEqualTo("0");
    assertThat(target.queryOne("SELECT to_regclass('public.users') IS NULL")).isEqualTo("t");
  }

  @Test
  void aNewStepOlderThanAnAppliedOneIsRefusedUnlessAskedFor() {
    assertThat(run("release").exitCode()).isZero();
    project.write(
        "seeders/V003_5__late_table.yaml",
        "kind: dynamodb-table\ndescription: a table step written before V004\n");

    Cli.Result release = run("release");
    Cli.Result status = run("status");
    Cli.Result allowed = run("release", "--out-of-order");

    assertThat(release.exitCode()).as(release.toString()).isEqualTo(3);
    assertThat(release.errorLine())
        .isEqualTo(
            "error: a new step is out of order: V003_5 seeders/V003_5__late_table.yaml is older"
                + " than V010, which is applied. Give it a version above every applied step (rename"
                + " the file), or apply it anyway with `cruddur release --out-of-order`");
    assertThat(status.out())
        .containsPattern("V003_5\\s+dynamodb-table\\s+dynamodb\\s+out of order");
    assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
    assertThat(allowed.out()).contains("V003_5");
    assertThat(run("release").out()).contains("Nothing to do");
  }

  @Test
  void
      aSeedWhoseUsersAreMissingIsRefusedBeforeAnythingIsAppliedWhenNothingBeforeItCouldCreateThem() {
    assertThat(run("release").exitCode()).isZero();
    long rows = Long.parseLong(target.queryOne("SELECT count(*) FROM cruddur_release_ledger"));
    project.write("seeders/V011__ghost_conversation.yaml", GHOST_CONVERSATION);

    Cli.Result r = run("release");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.errorLine())
        .startsWith(
            "error: seeders/V011__ghost_conversation.yaml needs users that are not in PostgreSQL ")
        .contains(": ghost; nothing was applied. Create them first");
    assertThat(Long.parseLong(target.queryOne("SELECT count(*) FROM cruddur_release_ledger")))
        .isEqualTo(rows);
  }

  @Test
  void aSeedWhoseUsersAreMissingAfterEarlierStepsRanIsAFailedStepNotBadInput() {
    project.write("seeders/V011__ghost_conversation.yaml", GHOST_CONVERSATION);

    Cli.Result r = run("release");

    assertThat(r.exitCode())
        .as("the schema was applied before: exit 2 would say nothing was written")
        .isEqualTo(1);
    assertThat(r.errorLine())
        .startsWith(
            "error: V011 (seeders/V011__ghost_conversation.yaml) failed:"
                + " seeders/V011__ghost_conversation.yaml needs users that are not in PostgreSQL")
        .contains(": ghost. Create them first");
    assertThat(target.queryOne("SELECT outcome FROM cruddur_release_ledger WHERE step = 'V001'"))
        .isEqualTo("SUCCEEDED");
  }
}
