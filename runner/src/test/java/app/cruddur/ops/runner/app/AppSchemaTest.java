package app.cruddur.ops.runner.app;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Cruddur app's own SQL on the schema a release creates: its seed, the statements under its
 * {@code db/sql/} ({@link AppStatements}: the same calls), run as its {@code lib/db.py} runs them,
 * on the real embedded PostgreSQL.
 */
class AppSchemaTest extends LocalSliceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  AppSql released() throws Exception {
    Cli.Result release = run("release");
    assertThat(release.exitCode()).as(release.toString()).isZero();
    return AppSql.connect(target.databaseUrl());
  }

  String subOf(String handle) {
    return target.queryOne("SELECT cognito_user_id FROM users WHERE handle = '" + handle + "'");
  }

  @Test
  void theAppsOwnSeedLoadsAfterARelease() throws Exception {
    try (AppSql db = released()) {
      String baykosSub = subOf("bayko");

      db.script(AppStatements.SEED);

      assertThat(
              target.queryOne(
                  "SELECT string_agg(handle || ':' || cognito_user_id, ',' ORDER BY handle) FROM"
                      + " users WHERE handle IN ('andrewbrown', 'londo')"))
          .isEqualTo("andrewbrown:MOCK,londo:MOCK");
      // bayko is a dev user already, linked to Cognito: the seed's placeholder row for the handle
      // is that user
      assertThat(target.queryOne("SELECT count(*) FROM users WHERE handle = 'bayko'"))
          .isEqualTo("1");
      assertThat(subOf("bayko")).isEqualTo(baykosSub).isNotEqualTo("MOCK");
      assertThat(
              target.queryOne(
                  "SELECT a.message FROM activities a JOIN users u ON u.uuid = a.user_uuid "
                      + "WHERE u.handle = 'andrewbrown'"))
          .isEqualTo("This was imported as seed data!");
    }
  }

  @Test
  void realSubsStayUniqueWhilePlaceholdersRepeat() throws Exception {
    try (AppSql db = released()) {
      db.script(AppStatements.SEED);

      assertThat(target.queryOne("SELECT count(*) FROM users WHERE cognito_user_id = 'MOCK'"))
          .isEqualTo("2");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  target.execute(
                      "INSERT INTO users (handle, cognito_user_id) VALUES ('impostor', '"
                          + subOf("yaya2devops")
                          + "')"))
          .hasMessageContaining("users_cognito_user_id_key");
      target.execute("INSERT INTO users (handle, display_name) VALUES ('carol', 'Carol')");
      assertThat(subOf("carol"))
          .as("a user created without one gets the placeholder")
          .isEqualTo("MOCK");
    }
  }

  @Test
  void theAppsProfileStatementsRunOnOurSchema() throws Exception {
    try (AppSql db = released()) {
      String sub = subOf("yaya2devops");

      String handle =
          db.value(
              AppStatements.UPDATE_PROFILE,
              Map.of(
                  "bio",
                  "Cloud and containers",
                  "display_name",
                  "Yahya A.",
                  "cognito_user_id",
                  sub));
      JsonNode shown =
          JSON.readTree(db.value(AppStatements.USER_PROFILE, Map.of("handle", "yaya2devops")));
      JsonNode shortForm =
          JSON.readTree(db.objectJson(AppStatements.USER_SHORT, Map.of("handle", "yaya2devops")));

      assertThat(handle).isEqualTo("yaya2devops");
      assertThat(shown.get("bio").asText()).isEqualTo("Cloud and containers");
      assertThat(shown.get("display_name").asText()).isEqualTo("Yahya A.");
      assertThat(shown.get("cognito_user_uuid").asText()).isEqualTo(sub);
      assertThat(shown.get("cruds_count").asInt()).isZero();
      assertThat(shortForm.get("display_name").asText()).isEqualTo("Yahya A.");
    }
  }

  @Test
  void aUserWhoIsOnlyInPostgresIsTheReceiverOfTheAppsMessageQuery() throws Exception {
    try (AppSql db = released()) {
      db.script(AppStatements.SEED);
      String sub = subOf("yaya2devops");

      JsonNode users =
          JSON.readTree(
              db.arrayJson(
                  AppStatements.MESSAGE_USERS,
                  Map.of("cognito_user_id", sub, "user_receiver_handle", "londo")));
      String myUuid = db.value(AppStatements.UUID_OF_SUB, Map.of("cognito_user_id", sub));

      // services/create_message.py: my_user is kind 'sender', other_user kind 'recv'; None for
      // either is a crash
      assertThat(users).hasSize(2);
      assertThat(users.findValuesAsText("kind")).containsExactlyInAnyOrder("sender", "recv");
      for (JsonNode user : users) {
        assertThat(user.get("handle").asText())
            .isEqualTo(user.get("kind").asText().equals("sender") ? "yaya2devops" : "londo");
      }
      assertThat(myUuid)
          .isEqualTo(target.queryOne("SELECT uuid FROM users WHERE handle = 'yaya2devops'"));
    }
  }

  @Test
  void theAppsActivityStatementsRunOnOurSchema() throws Exception {
    try (AppSql db = released()) {
      String sub = subOf("yaya2devops");

      String crud =
          db.value(
              AppStatements.CREATE_ACTIVITY,
              Map.of(
                  "cognito_user_id",
                  sub,
                  "message",
                  "First crud",
                  "expires_at",
                  "2099-01-01T00:00:00+00:00"));
      String reply =
          db.value(
              AppStatements.CREATE_REPLY,
              Map.of(
                  "cognito_user_id",
                  subOf("bayko"),
                  "message",
                  "A reply",
                  "reply_to_activity_uuid",
                  crud));
      JsonNode shown = JSON.readTree(db.value(AppStatements.SHOW_ACTIVITY, Map.of("uuid", crud)));
      JsonNode home = JSON.readTree(db.arrayJson(AppStatements.HOME, Map.of()));
      JsonNode object =
          JSON.readTree(db.objectJson(AppStatements.ACTIVITY_OBJECT, Map.of("uuid", reply)));

      assertThat(shown.get("message").asText()).isEqualTo("First crud");
      assertThat(shown.get("handle").asText()).isEqualTo("yaya2devops");
      assertThat(home).hasSize(2);
      assertThat(object.get("reply_to_activity_uuid").asText()).isEqualTo(crud);
      assertThat(object.get("handle").asText()).isEqualTo("bayko");
    }
  }

  @Test
  void theAppsChangesetsRollBackAndApplyAgain() throws Exception {
    try (AppSql db = released()) {
      db.script(AppStatements.SEED);

      Cli.Result rollback = run("db", "rollback", "--count", "4", "--confirm", target.database());

      assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
      assertThat(
              target.queryOne(
                  "SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' "
                      + "AND column_name = 'bio'"))
          .isEqualTo("0");
      assertThat(target.queryOne("SELECT count(*) FROM users WHERE cognito_user_id IS NULL"))
          .isEqualTo("2");
      assertThat(
              target.queryOne(
                  "SELECT count(*) FROM pg_trigger WHERE tgname = 'users_skip_known_placeholder'"))
          .isEqualTo("0");

      Cli.Result again = run("release");

      assertThat(again.exitCode()).as(again.toString()).isZero();
      assertThat(again.out())
          .contains("applied 4 changesets: 004-users-bio, 004-cognito-user-id-placeholder");
      assertThat(target.queryOne("SELECT count(*) FROM users WHERE cognito_user_id = 'MOCK'"))
          .isEqualTo("2");
    }
  }
}
