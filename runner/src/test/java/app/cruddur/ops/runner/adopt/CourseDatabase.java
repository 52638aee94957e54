package app.cruddur.ops.runner.adopt;

import app.cruddur.ops.runner.testing.TestTarget;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PostgreSQL database made the way the course's scripts make one, on a test's own database of the
 * shared local environment: {@code bin/db/schema-load} ({@link CourseSchema}), {@code bin/db/seed},
 * the course's migration runner {@code bin/db/migrate} with its one migration {@code
 * add_bio_column}, the post-confirmation Lambda's insert of a user who signed up, and {@code
 * bin/db/update_cognito_user_ids}. Each method sends the statements its script sends, in its order,
 * each committed on its own as {@code psql} and the app's {@code lib/db.py} commit them.
 *
 * <p>{@link #setUp} is {@code bin/db/setup} (schema, seed) followed by {@code bin/db/migrate} where
 * the schema has its table: the database a team that followed the course to its end has.
 */
public final class CourseDatabase {
  /**
   * The course's one migration file, {@code db/migrations/16849551021582754_add_bio_column.py}
   * (ExamProCo/aws-bootcamp-cruddur-2023 at f700bc92): its name, whose leading digits {@code
   * bin/db/migrate} compares with {@code last_successful_run}.
   */
  public static final String ADD_BIO_COLUMN = "16849551021582754_add_bio_column";

  /** When {@link #setUp} runs {@code bin/db/migrate}: after the migration file was generated. */
  public static final Instant MIGRATED_AT = Instant.parse("2023-05-25T18:00:00.1234567Z");

  private final TestTarget target;
  private final CourseSchema schema;

  private CourseDatabase(TestTarget target, CourseSchema schema) {
    this.target = target;
    this.schema = schema;
  }

  /**
   * The course's scripts on {@code target}'s (empty) database, with {@code schema}; nothing run
   * yet.
   */
  public static CourseDatabase on(TestTarget target, CourseSchema schema) {
    return new CourseDatabase(target, schema);
  }

  /**
   * {@code bin/db/setup} (schema-load, seed) and, where the schema has {@code schema_information},
   * {@code bin/db/migrate} at {@link #MIGRATED_AT}.
   */
  public static CourseDatabase setUp(TestTarget target, CourseSchema schema) {
    CourseDatabase db = on(target, schema).schemaLoad().seed();
    return schema.schemaInformation() ? db.migrate(MIGRATED_AT) : db;
  }

  /** The schema it was made with. */
  public CourseSchema schema() {
    return schema;
  }

  /** {@code bin/db/schema-load}: {@code psql < db/schema.sql}. */
  public CourseDatabase schemaLoad() {
    schema.statements().forEach(target::execute);
    return this;
  }

  /** {@code bin/db/seed}: {@code psql < db/seed.sql}. */
  public CourseDatabase seed() {
    target.execute(schema.seed());
    return this;
  }

  /**
   * {@code bin/db/migrate} at {@code now}: reads {@code last_successful_run}; runs every migration
   * whose file time is not below it ({@code add_bio_column}: {@code ALTER TABLE public.users ADD
   * COLUMN bio text}), then sets {@code last_successful_run} to {@code str(time.time())} without
   * its point. A second run at a later time runs nothing, as the course's does.
   *
   * @throws IllegalStateException when the schema has no {@code schema_information} (the script
   *     fails there too)
   */
  public CourseDatabase migrate(Instant now) {
    if (!schema.schemaInformation()) {
      throw new IllegalStateException(schema + " has no schema_information: bin/db/migrate fails");
    }
    long lastSuccessfulRun =
        Long.parseLong(
            target.queryOne("SELECT last_successful_run FROM public.schema_information LIMIT 1"));
    long fileTime = Long.parseLong(ADD_BIO_COLUMN.substring(0, ADD_BIO_COLUMN.indexOf('_')));
    if (lastSuccessfulRun <= fileTime) {
      target.execute("ALTER TABLE public.users ADD COLUMN bio text;");
      update("UPDATE schema_information SET last_successful_run = ? WHERE id = 1", timeDigits(now));
    }
    return this;
  }

  /**
   * The post-confirmation Lambda ({@code aws/lambdas/cruddur-post-confirmation.py}): a user who
   * signed up and confirmed, inserted with the Cognito attributes and the real {@code sub}.
   */
  public CourseDatabase postConfirmation(PoolUser user) {
    update(
        "INSERT INTO public.users (display_name, email, handle, cognito_user_id) VALUES (?, ?, ?,"
            + " ?)",
        user.name(),
        user.email(),
        user.handle(),
        user.sub());
    return this;
  }

  /**
   * {@code bin/db/update_cognito_user_ids}: for each Cognito user, {@code UPDATE public.users SET
   * cognito_user_id = sub WHERE users.handle = preferred_username}.
   */
  public CourseDatabase updateCognitoUserIds(Map<String, String> subsByHandle) {
    subsByHandle.forEach(
        (handle, sub) ->
            update(
                "UPDATE public.users SET cognito_user_id = ? WHERE users.handle = ?", sub, handle));
    return this;
  }

  /**
   * The user with {@code handle}, as {@code bin/ddb/seed}'s {@code get_user_uuids} reads it.
   *
   * @throws IllegalStateException when there is none
   */
  public CourseUser user(String handle) {
    Map<String, String> row =
        rows("users").values().stream()
            .filter(r -> handle.equals(r.get("handle")))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no user " + handle));
    return new CourseUser(row.get("uuid"), row.get("display_name"), row.get("handle"));
  }

  /**
   * Every row of {@code table} ({@code users}, {@code activities}, {@code schema_information}) as
   * text, by its {@code uuid} (by {@code id} for {@code schema_information}): compare it before and
   * after a command to see that nothing was lost.
   */
  public Map<String, Map<String, String>> rows(String table) {
    String key = table.equals("schema_information") ? "id" : "uuid";
    Map<String, Map<String, String>> rows = new TreeMap<>();
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT * FROM public." + table)) {
      ResultSetMetaData columns = r.getMetaData();
      while (r.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          row.put(columns.getColumnName(i), r.getString(i));
        }
        rows.put(row.get(key), row);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading " + table + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private void update(String sql, String... parameters) {
    try (Connection c = target.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setString(i + 1, parameters[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code str(time.time()).replace(".", "")}: the seconds and their fraction (Python prints up to
   * seven digits of it) without the point.
   */
  static String timeDigits(Instant now) {
    String fraction = String.format("%07d", now.getNano() / 100).replaceFirst("0+$", "");
    return now.getEpochSecond() + (fraction.isEmpty() ? "0" : fraction);
  }
}
