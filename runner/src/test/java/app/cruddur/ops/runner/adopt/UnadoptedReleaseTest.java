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
 * A release against a deployment the course's scripts made (issue 22, item 1): the database has
 * {@code users} and {@code activities} and records none of our changesets, so the release stops
 * before the lock with {@code NOT_ADOPTED}, naming what it found and {@code cruddur baseline}, and
 * writes nothing: no ledger, no Liquibase tables, no row touched.
 */
class UnadoptedReleaseTest extends LocalSliceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aReleaseOnTheCoursesDatabaseIsRefusedBeforeTheLockAndWritesNothing() throws Exception {
    try (CourseDeployment course =
        CourseDeployment.build(
            target,
            CourseSchema.WEEK8_MIGRATABLE,
            SortKeyForm.MACHINE_OFFSET,
            ZoneId.of("America/New_York"))) {
      Map<String, Map<String, String>> users = course.database().rows("users");
      Map<String, Map<String, String>> activities = course.database().rows("activities");

      Cli.Result release = run("release", "--output", "json");

      assertThat(release.exitCode()).as(release.toString()).isEqualTo(4);
      assertThat(release.errorLine())
          .startsWith("error: the database of ")
          .contains(
              " has tables the runner did not make (activities, schema_information, users) and no"
                  + " changeset of ours is recorded; a release would fail on them. Run `cruddur"
                  + " baseline` first");
      JsonNode error = JSON.readTree(release.out()).path("error");
      assertThat(error.path("code").asText()).isEqualTo("NOT_ADOPTED");
      assertThat(error.path("exitCode").asInt()).isEqualTo(4);
      assertThat(target.queryOne("SELECT to_regclass('public.cruddur_release_ledger')")).isNull();
      assertThat(target.queryOne("SELECT to_regclass('public.databasechangelog')")).isNull();
      assertThat(target.queryOne("SELECT to_regclass('public.databasechangeloglock')")).isNull();
      assertThat(course.database().rows("users")).isEqualTo(users);
      assertThat(course.database().rows("activities")).isEqualTo(activities);
    }
  }
}
