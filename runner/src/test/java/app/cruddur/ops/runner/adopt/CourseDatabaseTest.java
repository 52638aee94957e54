package app.cruddur.ops.runner.adopt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.runner.testing.LocalSliceTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The course-made databases are what the course's scripts make: the catalogue of each {@link
 * CourseSchema} column by column and constraint by constraint, the seed's users with {@code
 * 'MOCK'}, and {@code bin/db/migrate}'s column and bookkeeping, on the real embedded PostgreSQL.
 */
class CourseDatabaseTest extends LocalSliceTest {
  static final String COLUMNS =
      "SELECT string_agg(table_name || '.' || column_name || ' ' || data_type"
          + " || CASE is_nullable WHEN 'YES' THEN ' NULL' ELSE ' NOT NULL' END"
          + " || coalesce(' DEFAULT ' || column_default, ''), E'\\n'"
          + " ORDER BY table_name, ordinal_position)"
          + " FROM information_schema.columns WHERE table_schema = 'public'"
          + " AND table_name IN ('users', 'activities')";
  static final String CONSTRAINTS =
      "SELECT string_agg(conrelid::regclass || ' ' || pg_get_constraintdef(oid), E'\\n'"
          + " ORDER BY conrelid::regclass::text, pg_get_constraintdef(oid))"
          + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace";
  static final String INDEXES =
      "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes"
          + " WHERE schemaname = 'public'";

  static String activities() {
    return String.join(
        "\n",
        "activities.uuid uuid NOT NULL DEFAULT uuid_generate_v4()",
        "activities.user_uuid uuid NOT NULL",
        "activities.message text NOT NULL",
        "activities.replies_count integer NULL DEFAULT 0",
        "activities.reposts_count integer NULL DEFAULT 0",
        "activities.likes_count integer NULL DEFAULT 0",
        "activities.reply_to_activity_uuid integer NULL",
        "activities.expires_at timestamp without time zone NULL",
        "activities.created_at timestamp without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP");
  }

  /** The six columns of schema.sql's users, its text columns {@code nullability}. */
  static String users(String nullability) {
    return String.join(
        "\n",
        "users.uuid uuid NOT NULL DEFAULT uuid_generate_v4()",
        "users.display_name text " + nullability,
        "users.handle text " + nullability,
        "users.email text " + nullability,
        "users.cognito_user_id text " + nullability,
        "users.created_at timestamp without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP");
  }

  @Test
  void week4IsNullableTextWithAForeignKeyAndNoMigrationTable() {
    CourseDatabase.setUp(target, CourseSchema.WEEK4_NULLABLE);

    assertThat(target.queryOne(COLUMNS)).isEqualTo(String.join("\n", activities(), users("NULL")));
    assertThat(target.queryOne(CONSTRAINTS))
        .isEqualTo(
            String.join(
                "\n",
                "activities FOREIGN KEY (user_uuid) REFERENCES users(uuid)",
                "activities PRIMARY KEY (uuid)",
                "users PRIMARY KEY (uuid)"));
    assertThat(target.queryOne("SELECT to_regclass('public.schema_information')")).isNull();
    assertThat(
            target.queryOne(
                "SELECT string_agg(handle || ':' || cognito_user_id || ':' || coalesce(email,"
                    + " 'no email'), ',' ORDER BY handle) FROM users"))
        .isEqualTo("andrewbrown:MOCK:no email,bayko:MOCK:no email");
  }

  @Test
  void week5IsNotNullTextWithoutAForeignKey() {
    CourseDatabase.setUp(target, CourseSchema.WEEK5_NOT_NULL);

    assertThat(target.queryOne(COLUMNS))
        .isEqualTo(String.join("\n", activities(), users("NOT NULL")));
    assertThat(target.queryOne(CONSTRAINTS))
        .isEqualTo(String.join("\n", "activities PRIMARY KEY (uuid)", "users PRIMARY KEY (uuid)"));
    assertThat(
            target.queryOne(
                "SELECT string_agg(handle || ':' || cognito_user_id, ',' ORDER BY"
                    + " handle) FROM users"))
        .isEqualTo("andrewbrown:MOCK,bayko:MOCK,londo:MOCK");
  }

  @Test
  void week8HasTheMigrationTableAndTheBioColumnItsMigrationAdded() {
    CourseDatabase db = CourseDatabase.setUp(target, CourseSchema.WEEK8_MIGRATABLE);

    assertThat(target.queryOne(COLUMNS))
        .isEqualTo(String.join("\n", activities(), users("NOT NULL"), "users.bio text NULL"));
    assertThat(target.queryOne(CONSTRAINTS))
        .isEqualTo(
            String.join(
                "\n",
                "activities FOREIGN KEY (user_uuid) REFERENCES users(uuid)",
                "activities PRIMARY KEY (uuid)",
                "schema_information UNIQUE (id)",
                "users PRIMARY KEY (uuid)"));
    // str(time.time()) without its point, above the migration file's time: the next run skips it
    assertThat(db.rows("schema_information").get("1"))
        .containsEntry("last_successful_run", "16850376001234567");
    assertThat(Long.parseLong("16850376001234567"))
        .isGreaterThan(Long.parseLong(CourseDatabase.ADD_BIO_COLUMN.split("_")[0]));
  }

  @ParameterizedTest
  @EnumSource(CourseSchema.class)
  void noVersionHasAUniqueHandleOrSubAndEveryOneUsesUuidOssp(CourseSchema schema) {
    CourseDatabase.setUp(target, schema);

    assertThat(target.queryOne(INDEXES))
        .isEqualTo(
            schema.schemaInformation()
                ? "activities_pkey,schema_information_id_key,users_pkey"
                : "activities_pkey,users_pkey");
    assertThat(target.queryOne("SELECT extname FROM pg_extension WHERE extname = 'uuid-ossp'"))
        .isEqualTo("uuid-ossp");
    // two rows may share a handle, as the course's schema allows
    target.execute(
        "INSERT INTO users (display_name, handle, email, cognito_user_id)"
            + " VALUES ('Another Andrew', 'andrewbrown', 'other@example.com', 'MOCK')");
    assertThat(target.queryOne("SELECT count(*) FROM users WHERE handle = 'andrewbrown'"))
        .isEqualTo("2");
  }

  @Test
  void aSecondMigrateRunsNothing() {
    CourseDatabase db = CourseDatabase.setUp(target, CourseSchema.WEEK8_MIGRATABLE);
    String before = db.rows("schema_information").toString();

    db.migrate(CourseDatabase.MIGRATED_AT.plusSeconds(60));

    assertThat(db.rows("schema_information").toString()).isEqualTo(before);
  }

  @Test
  void migrateFailsWithoutTheMigrationTableAsTheCoursesScriptDoes() {
    CourseDatabase db = CourseDatabase.setUp(target, CourseSchema.WEEK5_NOT_NULL);

    assertThatThrownBy(() -> db.migrate(CourseDatabase.MIGRATED_AT))
        .hasMessageContaining("no schema_information");
  }

  @Test
  void thePostConfirmationInsertAndTheCognitoIdUpdateWriteRealSubs() {
    CourseDatabase db = CourseDatabase.setUp(target, CourseSchema.WEEK8_MIGRATABLE);

    db.postConfirmation(new PoolUser("vir@centauri.example", "Vir Cotto", "vir", "sub-of-vir"))
        .updateCognitoUserIds(java.util.Map.of("bayko", "sub-of-bayko"));

    assertThat(
            target.queryOne(
                "SELECT string_agg(handle || ':' || cognito_user_id, ',' ORDER BY handle) FROM"
                    + " users"))
        .isEqualTo("andrewbrown:MOCK,bayko:sub-of-bayko,londo:MOCK,vir:sub-of-vir");
    assertThat(db.user("vir").displayName()).isEqualTo("Vir Cotto");
    assertThat(db.rows("activities").values())
        .extracting(r -> r.get("message"))
        .isEqualTo(List.of("This was imported as seed data!"));
  }
}
