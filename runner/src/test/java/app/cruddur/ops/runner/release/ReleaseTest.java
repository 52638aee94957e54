package app.cruddur.ops.runner.release;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The release engine through the CLI, on the real local engines: each test has its own copy of the
 * project, its own database and its own table.
 */
class ReleaseTest extends LocalSliceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aFreshReleaseCreatesTheSchemaTheTableAndTheDevUsersAndASecondRunChangesNothing() {
    Cli.Result first = run("release");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains(
            "V001",
            "applied 8 changesets: 001-users, 002-activities, 002-activities-by-user,"
                + " 003-dev-users, 004-users-bio, 004-cognito-user-id-placeholder,"
                + " 004-dev-known-placeholder-users-function,"
                + " 004-dev-known-placeholder-users-trigger")
        .contains("V002", "created table " + target.table())
        .contains("V003", "created 2 users")
        .contains("R__cognito_sync", "set 2, changed 0 in one transaction");
    assertThat(target.queryOne("SELECT count(*) FROM users")).isEqualTo("2");
    assertThat(target.queryOne("SELECT to_regclass('public.activities') IS NOT NULL"))
        .isEqualTo("t");
    try (DynamoDbClient dynamo = target.dynamo()) {
      assertThat(
              dynamo.describeTable(b -> b.tableName(target.table())).table().tableStatusAsString())
          .isEqualTo("ACTIVE");
    }

    Cli.Result second = run("release");

    assertThat(second.exitCode()).isZero();
    // only the sync runs again, finds everything right, and the release says there was nothing to
    // do
    assertThat(second.out())
        .doesNotContain("V001", "V002", "V003", "V004")
        .contains("Nothing to do: all 6 steps already applied")
        .contains("checked postgres, dynamodb, cognito")
        .contains("nothing to write; 2 already right");
    assertThat(target.queryOne("SELECT count(*) FROM cruddur_release_ledger")).isEqualTo("7");

    // a seed run by hand after a later migration changed its items keeps that change
    project.write(
        "seeders/V011__upper_case_handles.yaml",
        """
        kind: dynamodb-migration
        description: Handles in upper case on messages
        select:
          scan: {}
          when: "begins_with(pk, 'MSG#')"
        change:
          set: {user_handle: "upper(user_handle)"}
        """);
    assertThat(run("release").exitCode()).isZero();
    Cli.Result seed = run("ddb", "seed");
    assertThat(seed.exitCode()).as(seed.toString()).isZero();
    assertThat(seed.out())
        .contains("wrote 24 messages and 0 group rows (24 as the migrations applied after it made")
        .doesNotContain("V011");
    try (DynamoDbClient dynamo = target.dynamo()) {
      assertThat(
              dynamo.scanPaginator(b -> b.tableName(target.table())).items().stream()
                  .filter(i -> i.get("pk").s().startsWith("MSG#"))
                  .map(i -> i.get("user_handle").s())
                  .distinct()
                  .sorted()
                  .toList())
          .containsExactly("BAYKO", "YAYA2DEVOPS");
    }
  }

  @Test
  void statusInJsonListsEveryStepAsAppliedWithChecksums() throws Exception {
    assertThat(run("release").exitCode()).isZero();

    Cli.Result status = run("status", "--output", "json");

    assertThat(status.exitCode()).isZero();
    JsonNode steps = JSON.readTree(status.out()).get("result").get("steps");
    assertThat(steps)
        .extracting(step -> step.get("version").asText())
        .containsExactly("V001", "V002", "V003", "V004", "V010", "R__cognito_sync");
    assertThat(steps.findValuesAsText("state"))
        .containsExactly("APPLIED", "APPLIED", "APPLIED", "APPLIED", "APPLIED", "EVERY_RELEASE");
    for (JsonNode step : steps) {
      assertThat(step.get("checksum").asText())
          .startsWith("c1:")
          .isEqualTo(step.get("appliedChecksum").asText());
      assertThat(step.get("appliedBy").asText()).contains("@");
      assertThat(step.get("durationMs").asLong()).isNotNegative();
    }
    assertThat(steps.get(0).get("version").asText()).isEqualTo("V001");
    assertThat(steps.get(1).get("store").asText()).isEqualTo("DYNAMODB");
    assertThat(steps.get(2).get("store").asText()).isEqualTo("COGNITO");
    assertThat(steps.get(5).get("version").asText()).isEqualTo("R__cognito_sync");
  }

  @Test
  void theNonTransactionalChangesetRunsUnderTheReleaseLockWithoutDeadlock() {
    Cli.Result r = run("release");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(
            target.queryOne(
                "SELECT indisvalid FROM pg_index WHERE indexrelid ="
                    + " 'public.activities_user_created_idx'::regclass"))
        .isEqualTo("t");
  }

  @Test
  void planListsWhatWouldRunInOrderAndDryRunShowsTheSqlWithoutApplyingIt() {
    Cli.Result plan = run("release", "--plan");

    assertThat(plan.exitCode()).isZero();
    assertThat(plan.out())
        .contains("6 of 6 steps to apply")
        .containsPattern("1\\s+V001\\s+liquibase\\s+postgres\\s+pending")
        .contains(
            "8 changesets: 001-users, 002-activities, 002-activities-by-user, 003-dev-users,"
                + " 004-users-bio, 004-cognito-user-id-placeholder,"
                + " 004-dev-known-placeholder-users-function,"
                + " 004-dev-known-placeholder-users-trigger")
        .containsPattern("2\\s+V002\\s+dynamodb-table\\s+dynamodb\\s+pending")
        .containsPattern("3\\s+V003\\s+cognito-users\\s+cognito\\s+pending")
        .containsPattern("4\\s+V004\\s+dynamodb-seed\\s+dynamodb\\s+pending.*24 messages")
        .containsPattern(
            "5\\s+V010\\s+dynamodb-migration\\s+dynamodb\\s+pending.*scan: move sk ="
                + " canonical_timestamp\\(sk\\)")
        .containsPattern("6\\s+R__cognito_sync\\s+cognito-sync\\s+postgres\\s+pending");

    Cli.Result dryRun = run("release", "--dry-run");

    assertThat(dryRun.out())
        .contains("-- SQL of V001 (not executed):")
        .contains("CREATE TABLE public.users")
        .contains("-- Dry run of V010 (nothing written):")
        .contains("does not exist yet (an earlier step creates it)");
    assertThat(target.queryOne("SELECT to_regclass('public.users') IS NULL")).isEqualTo("t");
  }

  @Test
  void anEditedAppliedStepIsDriftThatNamesTheFileAndBothChecksumsAndBlocksTheRelease() {
    assertThat(run("release").exitCode()).isZero();
    project.write(
        "seeders/V002__messages_table.yaml", "kind: dynamodb-table\ndescription: renamed\n");

    Cli.Result validate = run("validate");

    assertThat(validate.exitCode()).isEqualTo(3);
    assertThat(validate.errorLine())
        .matches(
            "error: an applied step changed: V002 seeders/V002__messages_table.yaml: its file"
                + " changed since it was applied \\(applied c1:[0-9a-f]{12}, now"
                + " c1:[0-9a-f]{12}\\)\\. Revert the change, or accept it deliberately with"
                + " `cruddur repair --accept V002`");

    Cli.Result release = run("release");
    assertThat(release.exitCode()).isEqualTo(3);

    Cli.Result repair = run("repair", "--accept", "V002");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(repair.out()).contains("accepted the current seeders/V002__messages_table.yaml");
    assertThat(run("validate").exitCode()).isZero();
    assertThat(run("release").out()).contains("Nothing to do").contains("nothing to write");
  }

  @Test
  void commentsAndLayoutOfAStepFileAreNotDrift() {
    assertThat(run("release").exitCode()).isZero();
    project.write(
        "seeders/V002__messages_table.yaml",
        "# reformatted\n\n"
            + "{kind: dynamodb-table,   description: DynamoDB messages table}   # same data\n");

    assertThat(run("validate").exitCode()).isZero();
  }

  @Test
  void aChangelogCheckedOutWithCrlfLineEndingsValidatesCleanAndReleasesNothing() {
    assertThat(run("release").exitCode()).isZero();
    project.withCrlfLineEndings("migrations").withCrlfLineEndings("seeders");

    Cli.Result validate = run("validate");
    Cli.Result release = run("release");

    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    assertThat(release.exitCode()).as(release.toString()).isZero();
    assertThat(release.out()).contains("Nothing to do").contains("nothing to write");
  }

  @Test
  void aNewChangesetIsPendingWorkWhileAnEditedAppliedChangesetIsDrift() {
    assertThat(run("release").exitCode()).isZero();
    project.addChangelog(
        "099_location.sql",
        """
        --liquibase formatted sql

        --changeset cruddur:099-location
        ALTER TABLE public.users ADD COLUMN location text;
        --rollback ALTER TABLE public.users DROP COLUMN location;
        """);

    Cli.Result status = run("status");
    assertThat(status.out())
        .containsPattern("V001\\s+liquibase\\s+postgres\\s+pending")
        .contains("1 changeset: 099-location");

    Cli.Result release = run("release");
    assertThat(release.exitCode()).as(release.toString()).isZero();
    assertThat(release.out()).contains("applied 1 changeset: 099-location");
    assertThat(
            target.queryOne(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND"
                    + " column_name = 'location'"))
        .isEqualTo("1");

    project.write(
        "migrations/001_users.sql",
        project
            .read("migrations/001_users.sql")
            .replace("email           text", "email           varchar(320)"));
    Cli.Result validate = run("validate");

    assertThat(validate.exitCode()).isEqualTo(3);
    assertThat(validate.errorLine())
        .contains(
            "migrations/001_users.sql changeset 001-users (cruddur) changed since it was applied");
  }

  @Test
  void aMalformedStepFileIsExitTwoWithFileAndLineAndNothingIsApplied() {
    project.write(
        "seeders/V003__broken.yaml",
        "kind: dynamodb-table\ndescription: ok\ncontexts: [dev\nfoo: bar\n");

    Cli.Result r = run("release");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLine())
        .startsWith("error: seeders/V003__broken.yaml line 4: is not valid YAML");
    assertThat(target.queryOne("SELECT to_regclass('public.cruddur_release_ledger') IS NULL"))
        .isEqualTo("t");
  }

  @Test
  void stepFileMistakesAreNamedByLine() {
    project.write(
        "seeders/V003__typo.yaml", "kind: dynamodb-table\ndescription: ok\ncreat: auto\n");
    assertThat(run("release").errorLine())
        .isEqualTo(
            "error: seeders/V003__typo.yaml line 3: unknown key 'creat' in a dynamodb-table step"
                + " (known: kind, description, contexts, long, create). Fix the file; nothing was"
                + " applied");

    project.write("seeders/V003__typo.yaml", "kind: dynamo-table\n");
    assertThat(run("release").errorLine())
        .startsWith(
            "error: seeders/V003__typo.yaml line 1: unknown kind 'dynamo-table' (known: liquibase,"
                + " dynamodb-table");

    project.write("seeders/V003__typo.yaml", "kind: liquibase\nchangelog: migrations/nope.yaml\n");
    assertThat(run("release").errorLine())
        .startsWith("error: seeders/V003__typo.yaml line 2: 'migrations/nope.yaml' does not exist");
  }

  @Test
  void duplicateVersionsAndBadNamesAreRejectedBeforeAnythingRuns() {
    project.write("seeders/V2__other_table.yaml", "kind: dynamodb-table\n");
    Cli.Result duplicate = run("release");
    assertThat(duplicate.exitCode()).isEqualTo(2);
    assertThat(duplicate.errorLine())
        .contains("version 2 is also used by seeders/V002__messages_table.yaml");

    project
        .delete("seeders/V2__other_table.yaml")
        .write("seeders/seed-users.yaml", "kind: dynamodb-table\n");
    assertThat(run("release").errorLine())
        .contains("seeders/seed-users.yaml: the file name does not say the step's version")
        .contains("V<version>__<description>.yaml");
    assertThat(target.queryOne("SELECT to_regclass('public.users') IS NULL")).isEqualTo("t");
  }

  @Test
  void aMalformedChangelogIsExitTwoWithFileAndLineAndNothingIsApplied() {
    project.addChangelog(
        "004_broken.sql",
        "--liquibase formatted sql\n\n--changeset nobody\nSELECT 1;\n--rollback SELECT 1;\n");

    Cli.Result r = run("release");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.errorLine()).startsWith("error: migrations/004_broken.sql line 3:");
    assertThat(target.queryOne("SELECT to_regclass('public.users') IS NULL")).isEqualTo("t");
    try (DynamoDbClient dynamo = target.dynamo()) {
      assertThat(dynamo.listTables().tableNames()).doesNotContain(target.table());
    }
  }

  @Test
  void aChangesetWithoutRollbackIsRejectedAndAFailingOneIsNamedWithItsStatement() throws Exception {
    project.addChangelog(
        "004_norollback.sql",
        "--liquibase formatted sql\n\n"
            + "--changeset cruddur:004-x\n"
            + "ALTER TABLE public.users ADD COLUMN x int;\n");

    Cli.Result r = run("release");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLine())
        .contains("migrations/004_norollback.sql: changeset 004-x (cruddur) has no rollback");

    project.write(
        "migrations/004_norollback.sql",
        "--liquibase formatted sql\n\n"
            + "--changeset cruddur:004-x\n"
            + "ALTER TABLE public.users ADD COLUMN x int;\n"
            + "UPDATE public.userz\n   SET x = 1;\n"
            + "--rollback ALTER TABLE public.users DROP COLUMN x;\n");

    Cli.Result failed = run("release", "--output", "json");

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.errorLine())
        .startsWith(
            "error: V001 (seeders/V001__schema.yaml) failed: migrations/004_norollback.sql line 5,"
                + " changeset 004-x (cruddur), in \"UPDATE public.userz SET x = 1\": ERROR:"
                + " relation \"public.userz\" does not exist Position: 8. Fix the changeset");
    JsonNode changeset = JSON.readTree(failed.out()).path("error").path("changeset");
    assertThat(changeset.path("file").asText()).isEqualTo("migrations/004_norollback.sql");
    assertThat(changeset.path("line").asInt()).isEqualTo(5);
    assertThat(changeset.path("id").asText()).isEqualTo("004-x");
    assertThat(changeset.path("author").asText()).isEqualTo("cruddur");
    assertThat(changeset.path("statement").asText()).isEqualTo("UPDATE public.userz SET x = 1");
  }

  @Test
  void anUnreachablePostgresIsExitFourWithinSeconds() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    long start = System.nanoTime();

    // another server than the local environment's is not local: it needs a context
    // (WrongDatabaseTest)
    Cli.Result r =
        cli.run(
            "release",
            "--db-url",
            "postgresql://postgres@127.0.0.1:" + closedPort + "/nowhere",
            "--table",
            target.table(),
            "--context",
            "dev");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errorLine())
        .startsWith(
            "error: cannot connect to PostgreSQL postgresql://postgres@127.0.0.1:"
                + closedPort
                + "/nowhere");
  }

  @Test
  void aTableThatLostItsDataShowsItsStepPendingAgainAndTheReleaseRecreatesIt() {
    assertThat(run("release").exitCode()).isZero();
    try (DynamoDbClient dynamo = target.dynamo()) {
      dynamo.deleteTable(b -> b.tableName(target.table()));
    }

    assertThat(run("status").out())
        .containsPattern("V002\\s+dynamodb-table\\s+dynamodb\\s+lost")
        .contains("the table is gone since it was applied");
    Cli.Result r = run("release");

    assertThat(r.out()).contains("created table " + target.table()).contains("3 already applied");
  }

  @Test
  void aNonLocalTargetNeedsAnExplicitContextAndUnknownContextsAreRejected() {
    Cli.Result remote =
        cli.run(
            "release",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--region",
            "us-east-1",
            "--db-url",
            target.databaseUrl());
    assertThat(remote.exitCode()).isEqualTo(2);
    assertThat(remote.errorLine())
        .isEqualTo(
            "error: a release on endpoint http://127.0.0.1:9 region us-east-1 needs a context. Pass"
                + " --context prod (or dev, test): only the local environment with its own database"
                + " assumes dev");

    Cli.Result unknown = run("release", "--context", "stagign");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.errorLine())
        .isEqualTo("error: unknown context 'stagign'. Use one of: dev, test, prod");
  }

  @Test
  void theProdContextLeavesTheDevUsersOut() {
    Cli.Result r = run("release", "--context", "prod");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "applied 5 changesets: 001-users, 002-activities, 002-activities-by-user,"
                + " 004-users-bio, 004-cognito-user-id-placeholder");
    assertThat(target.queryOne("SELECT count(*) FROM users")).isEqualTo("0");
  }

  @Test
  void dbRollbackUndoesChangesetsUnderTheLockAndTheNextReleaseReappliesThem() throws Exception {
    assertThat(run("release").exitCode()).isZero();
    assertThat(run("db", "tag", "v1").exitCode()).isZero();
    project.addChangelog(
        "099_location.sql",
        "--liquibase formatted sql\n\n"
            + "--changeset cruddur:099-location\n"
            + "ALTER TABLE public.users ADD COLUMN location text;\n"
            + "--rollback ALTER TABLE public.users DROP COLUMN location;\n");
    Cli.Result update = run("db", "update");
    assertThat(update.exitCode()).isZero();
    assertThat(update.out()).contains("(checked postgres)").doesNotContain("dynamodb");

    Cli.Result toTag = run("db", "rollback", "--tag", "v1");
    assertThat(toTag.exitCode()).as(toTag.toString()).isZero();
    assertThat(toTag.out()).contains("rolled back 1 changeset: 099-location");
    assertThat(
            target.queryOne(
                "SELECT count(*) FROM information_schema.columns WHERE column_name = 'location'"))
        .isEqualTo("0");

    // more than one changeset and nobody to ask: the database's name is repeated
    Cli.Result unconfirmed = run("db", "rollback", "--count", "5");
    assertThat(unconfirmed.exitCode()).isEqualTo(2);
    assertThat(unconfirmed.errorLine())
        .contains("rollback --count 5 on ")
        .endsWith("needs confirmation. Repeat the database's name: --confirm " + target.database());

    // the dev users' changeset and the four after it
    Cli.Result count = run("db", "rollback", "--count", "5", "--confirm", target.database());
    assertThat(count.out())
        .contains("rolled back 5 changesets:")
        .contains("003-dev-users", "004-users-bio");
    assertThat(target.queryOne("SELECT count(*) FROM users")).isEqualTo("0");
    assertThat(run("status").out()).contains("changesets were rolled back");

    Cli.Result again = run("release");
    assertThat(again.out())
        .contains("applied 6 changesets: 003-dev-users, 004-users-bio")
        .contains("099-location");
    assertThat(target.queryOne("SELECT count(*) FROM users")).isEqualTo("2");
    assertThat(run("status").out())
        .containsPattern("V001 +liquibase +postgres +applied +\\S+ \\S+ +\\d+\\.\\d s +\\S+@\\S+ ")
        .contains("All applied; R__cognito_sync runs on every release.");

    // every attempt, newest first; filtered; in json
    Cli.Result history = run("history", "--step", "V001");
    assertThat(history.exitCode()).as(history.toString()).isZero();
    assertThat(history.out().lines().map(l -> l.replaceAll(" +", " ")).toList())
        .first()
        .isEqualTo("# STARTED STEP OUTCOME TOOK BY ERROR");
    assertThat(history.out())
        .containsPattern("V001 +succeeded +\\d+\\.\\d s +\\S+@\\S+")
        .containsPattern("V001 +rolled back ");
    JsonNode rolledBack =
        JSON.readTree(run("history", "--outcome", "rolled_back", "-o", "json").out())
            .path("result");
    assertThat(rolledBack.path("attempts").findValuesAsText("outcome"))
        .containsExactly("ROLLED_BACK", "ROLLED_BACK");
    assertThat(rolledBack.path("attempts").get(0).path("by").asText()).contains("@");
    assertThat(rolledBack.path("more").asBoolean()).isFalse();
    JsonNode newest = JSON.readTree(run("history", "--limit", "1", "-o", "json").out());
    assertThat(newest.path("result").path("attempts")).hasSize(1);
    assertThat(newest.path("result").path("more").asBoolean()).isTrue();
    assertThat(run("history", "--outcome", "nope").errorLine())
        .startsWith("error: unknown outcome 'nope'. Use one of: STARTED, SUCCEEDED, FAILED,")
        .contains("ROLLED_BACK");

    // more than are applied, at a terminal: the person is asked, and "n" undoes nothing
    Cli.Result declined =
        cli.interactive("n\n").run(target.args("db", "rollback", "--count", "999"));
    assertThat(declined.exitCode()).as(declined.toString()).isEqualTo(1);
    assertThat(declined.err())
        .contains("Roll back 9 changesets of V001 on ")
        .contains(
            ", every one applied (--count 999): 099-location,"
                + " 004-dev-known-placeholder-users-trigger,"
                + " 004-dev-known-placeholder-users-function, 004-cognito-user-id-placeholder,"
                + " 004-users-bio and 4 more? [y/N] error: not confirmed: nothing was done");
    assertThat(target.queryOne("SELECT count(*) FROM users")).isEqualTo("2");
  }

  @Test
  void dbStatusAndUpdateSqlShowPendingChangesetsWithoutApplyingThem() throws Exception {
    Cli.Result status = run("db", "status", "-o", "json");

    JsonNode doc = JSON.readTree(status.out()).get("result");
    assertThat(doc.get("pending").asInt()).isEqualTo(8);
    assertThat(doc.get("changesets").get(0).get("id").asText()).isEqualTo("001-users");
    // one vocabulary: enums by name, contexts as status gives a step's (an array, empty: all)
    assertThat(doc.get("changesets").get(0).get("state").asText()).isEqualTo("PENDING");
    assertThat(doc.get("changesets").get(0).get("contexts").isArray()).isTrue();
    assertThat(doc.get("changesets").get(0).get("contexts")).isEmpty();

    Cli.Result sql = run("db", "update-sql");
    assertThat(sql.out())
        .contains("CREATE TABLE public.users")
        .contains("CREATE INDEX CONCURRENTLY");
    assertThat(target.queryOne("SELECT to_regclass('public.users') IS NULL")).isEqualTo("t");

    assertThat(run("db", "rollback", "--tag", "nope").errorLine())
        .isEqualTo(
            "error: there is no tag 'nope' in DATABASECHANGELOG. List the tags with `cruddur db"
                + " status`, or create one with `cruddur db tag NAME`");
  }
}
