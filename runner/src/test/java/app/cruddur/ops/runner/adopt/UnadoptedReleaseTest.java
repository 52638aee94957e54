package app.cruddur.ops.runner.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Characterization of today's problem (issue 22), pinned as it is now so that {@code cruddur
 * baseline} changes it knowingly: {@code cruddur release} against a deployment the course's scripts
 * made runs V001, whose first changeset creates a {@code users} table the course made already.
 * Liquibase fails on it, the release stops with exit 1 and the wrong hint ("Fix the changeset"),
 * and it has written its ledger (a FAILED row) and Liquibase's tables into the team's database on
 * the way. The team's rows are untouched.
 */
class UnadoptedReleaseTest extends LocalSliceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aReleaseOnTheCoursesDatabaseFailsOnV001BecauseUsersExistsAndWritesItsLedger()
      throws Exception {
    try (CourseDeployment course =
        CourseDeployment.build(
            target,
            CourseSchema.WEEK8_MIGRATABLE,
            SortKeyForm.MACHINE_OFFSET,
            ZoneId.of("America/New_York"))) {
      Map<String, Map<String, String>> users = course.database().rows("users");
      Map<String, Map<String, String>> activities = course.database().rows("activities");

      Cli.Result release = run("release", "--output", "json");

      assertThat(release.exitCode()).as(release.toString()).isEqualTo(1);
      assertThat(release.errorLine())
          .isEqualTo(
              "error: V001 (seeders/V001__schema.yaml) failed: migrations/001_users.sql line 5,"
                  + " changeset 001-users (cruddur), in \"CREATE TABLE public.users ( uuid uuid"
                  + " PRIMARY KEY DEFAULT gen_random_uuid(), dis…\": ERROR:"
                  + " relation \"users\" already exists. Fix the changeset (rerun with --debug for"
                  + " Liquibase's log); the release can be rerun safely; then rerun the release,"
                  + " it retries the step");
      JsonNode error = JSON.readTree(release.out()).path("error");
      assertThat(error.path("code").asText()).isEqualTo("STEP_FAILED");
      assertThat(error.path("exitCode").asInt()).isEqualTo(1);
      // what today's release writes into a database it does not know (issue 22 wants nothing)
      assertThat(
              target.queryOne(
                  "SELECT string_agg(step || ' ' || outcome, ',' ORDER BY id)"
                      + " FROM cruddur_release_ledger"))
          .isEqualTo("V001 FAILED");
      assertThat(target.queryOne("SELECT to_regclass('public.databasechangelog')"))
          .isEqualTo("databasechangelog");
      assertThat(course.database().rows("users")).isEqualTo(users);
      assertThat(course.database().rows("activities")).isEqualTo(activities);
    }
  }
}
