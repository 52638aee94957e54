package app.cruddur.ops.runner.adopt;

import java.util.List;

/**
 * The shapes {@code backend-flask/db/schema.sql} of the Cruddur course (ExamProCo/aws-bootcamp-
 * cruddur-2023 and its forks) gave a database, written here as the statements {@code psql
 * $CONNECTION_URL cruddur < db/schema.sql} sends (not the course's file): every version drops and
 * creates {@code users} and {@code activities} with {@code uuid_generate_v4()} defaults of the
 * uuid-ossp extension, {@code timestamp} without time zone, no unique constraint on {@code handle}
 * or {@code cognito_user_id}, and {@code activities.reply_to_activity_uuid integer}. They differ in
 * what {@link CourseDatabase} tests care about: nullable or NOT NULL text columns, a foreign key on
 * {@code activities.user_uuid} or none, and the {@code schema_information} table of the course's
 * own migration runner ({@code bin/db/migrate}).
 */
public enum CourseSchema {
  /**
   * Week 4: nullable {@code display_name}, {@code handle}, {@code email}, {@code cognito_user_id};
   * the foreign key; no {@code schema_information}; its seed has no emails. Modelled on
   * ExamProCo/aws-bootcamp-cruddur-2023 {@code backend-flask/db/schema.sql} at d45338c2.
   */
  WEEK4_NULLABLE(true, true, false, CourseSeeds.WEEK4),

  /**
   * Week 5: the text columns NOT NULL, no foreign key, no {@code schema_information}; the seed with
   * emails. Modelled on ExamProCo/aws-bootcamp-cruddur-2023 {@code backend-flask/db/schema.sql} at
   * e13d8e93.
   */
  WEEK5_NOT_NULL(false, false, false, CourseSeeds.FINAL),

  /**
   * Week 8, the course's last schema: NOT NULL text columns, the foreign key, and {@code
   * schema_information (id integer UNIQUE, last_successful_run text)} with its row {@code (1,
   * '0')}, which {@code bin/db/migrate} reads and advances. Modelled on
   * nateq13f/aws-bootcamp-cruddur-2023 {@code backend-flask/db/schema.sql} at 61442f36.
   */
  WEEK8_MIGRATABLE(false, true, true, CourseSeeds.FINAL);

  private final boolean nullableText;
  private final boolean foreignKey;
  private final boolean schemaInformation;
  private final String seed;

  CourseSchema(boolean nullableText, boolean foreignKey, boolean schemaInformation, String seed) {
    this.nullableText = nullableText;
    this.foreignKey = foreignKey;
    this.schemaInformation = schemaInformation;
    this.seed = seed;
  }

  /**
   * Whether {@code display_name}, {@code handle}, {@code email} and {@code cognito_user_id} may be
   * NULL.
   */
  public boolean nullableText() {
    return nullableText;
  }

  /** Whether {@code activities.user_uuid} references {@code users(uuid)}. */
  public boolean foreignKey() {
    return foreignKey;
  }

  /** Whether the schema has the course's migration runner's table ({@code bin/db/migrate} runs). */
  public boolean schemaInformation() {
    return schemaInformation;
  }

  /** The statements of {@code db/seed.sql} of this schema's weeks. */
  public String seed() {
    return seed;
  }

  /** The statements of this version's {@code db/schema.sql}, in order. */
  public List<String> statements() {
    String text = nullableText ? "text" : "text NOT NULL";
    List<String> statements = new java.util.ArrayList<>();
    statements.add("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"");
    statements.add("DROP TABLE IF EXISTS public.users" + (foreignKey ? " cascade" : ""));
    statements.add("DROP TABLE IF EXISTS public.activities");
    if (schemaInformation) {
      statements.add(
          "CREATE TABLE IF NOT EXISTS public.schema_information (id integer UNIQUE,"
              + " last_successful_run text)");
      statements.add(
          "INSERT INTO public.schema_information (id, last_successful_run) VALUES (1, '0')"
              + " ON CONFLICT (id) DO NOTHING");
    }
    statements.add(
        "CREATE TABLE public.users ("
            + "uuid UUID DEFAULT uuid_generate_v4() PRIMARY KEY, "
            + "display_name "
            + text
            + ", handle "
            + text
            + ", email "
            + text
            + ", cognito_user_id "
            + text
            + ", created_at TIMESTAMP default current_timestamp NOT NULL)");
    statements.add(
        "CREATE TABLE public.activities ("
            + "uuid UUID DEFAULT uuid_generate_v4() PRIMARY KEY, "
            + "user_uuid UUID "
            + (foreignKey ? "REFERENCES public.users(uuid) " : "")
            + "NOT NULL, "
            + "message text NOT NULL, "
            + "replies_count integer DEFAULT 0, "
            + "reposts_count integer DEFAULT 0, "
            + "likes_count integer DEFAULT 0, "
            + "reply_to_activity_uuid integer, "
            + "expires_at TIMESTAMP, "
            + "created_at TIMESTAMP default current_timestamp NOT NULL)");
    return statements;
  }
}
