package app.cruddur.ops.runner.adopt;

import app.cruddur.ops.runner.app.AppStatements;

/**
 * The statements of the course's {@code backend-flask/db/seed.sql} ({@code bin/db/seed}: {@code
 * psql $CONNECTION_URL cruddur < db/seed.sql}): users whose {@code cognito_user_id} is the
 * placeholder {@code 'MOCK'}, and one activity.
 */
final class CourseSeeds {
  /**
   * Week 4, before {@code email} was filled: andrewbrown and bayko, one activity of andrewbrown.
   * Modelled on the seed.sql of the week-4 journals of the course's forks (e.g. the one beside
   * ExamProCo/aws-bootcamp-cruddur-2023 {@code backend-flask/db/schema.sql} at d45338c2).
   */
  static final String WEEK4 =
      """
      INSERT INTO public.users (display_name, handle, cognito_user_id) VALUES
        ('Andrew Brown', 'andrewbrown', 'MOCK'),
        ('Andrew Bayko', 'bayko', 'MOCK');
      INSERT INTO public.activities (user_uuid, message, expires_at) VALUES (
        (SELECT uuid FROM public.users WHERE users.handle = 'andrewbrown' LIMIT 1),
        'This was imported as seed data!', current_timestamp + interval '10 day')\
      """;

  /**
   * The course's last seed, with emails and londo (the app's own seed: {@link AppStatements#SEED}).
   */
  static final String FINAL = AppStatements.SEED;

  private CourseSeeds() {}
}
