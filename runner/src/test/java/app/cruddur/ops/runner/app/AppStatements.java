package app.cruddur.ops.runner.app;

/**
 * The statements the Cruddur app sends to PostgreSQL, written for these tests: the same tables,
 * columns, joins, clauses and {@code %(name)s} parameters as the files under the app's {@code
 * backend-flask/db/sql/} (ExamProCo/aws-bootcamp-cruddur-2023 and its forks, the course's final
 * weeks) and its {@code db/seed.sql}, so that a test makes the app's call on our schema. Not the
 * app's files: where the app changes a statement, change the one here that makes its call. {@link
 * AppSql} wraps them as the app's {@code lib/db.py} does ({@code query_object_json}, {@code
 * query_array_json}, {@code query_value}).
 */
public final class AppStatements {
  /**
   * {@code bin/db/seed}: three users with the placeholder sub {@code 'MOCK'}, one activity of
   * andrewbrown.
   */
  public static final String SEED =
      """
      INSERT INTO public.users (display_name, email, handle, cognito_user_id) VALUES
        ('Andrew Brown', 'andrew@exampro.co', 'andrewbrown', 'MOCK'),
        ('Andrew Bayko', 'bayko@exampro.co', 'bayko', 'MOCK'),
        ('Londo Mollari', 'lmollari@centari.com', 'londo', 'MOCK');
      INSERT INTO public.activities (user_uuid, message, expires_at) VALUES (
        (SELECT uuid FROM public.users WHERE users.handle = 'andrewbrown' LIMIT 1),
        'This was imported as seed data!', current_timestamp + interval '10 day')\
      """;

  /**
   * {@code services/user_activities.py} ({@code users/show.sql}): a profile and its 40 newest
   * activities.
   */
  static final String USER_PROFILE =
      """
      SELECT
        (SELECT COALESCE(row_to_json(object_row), '{}'::json) FROM (
          SELECT users.uuid, users.cognito_user_id AS cognito_user_uuid, users.handle, users.display_name, users.bio,
            (SELECT count(true) FROM public.activities WHERE activities.user_uuid = users.uuid) AS cruds_count
        ) object_row) AS profile,
        (SELECT COALESCE(array_to_json(array_agg(row_to_json(array_row))), '[]'::json) FROM (
          SELECT activities.uuid, users.display_name, users.handle, activities.message, activities.created_at,
            activities.expires_at
          FROM public.activities WHERE activities.user_uuid = users.uuid
          ORDER BY activities.created_at DESC LIMIT 40
        ) array_row) AS activities
      FROM public.users WHERE users.handle = %(handle)s\
      """;

  /** {@code services/update_profile.py} ({@code users/update.sql}): bio and display name by sub. */
  static final String UPDATE_PROFILE =
      """
      UPDATE public.users SET bio = %(bio)s, display_name = %(display_name)s
      WHERE users.cognito_user_id = %(cognito_user_id)s RETURNING handle\
      """;

  /** {@code services/users_short.py} ({@code users/short.sql}). */
  static final String USER_SHORT =
      """
      SELECT users.uuid, users.handle, users.display_name FROM public.users WHERE users.handle = %(handle)s\
      """;

  /**
   * {@code services/create_message.py} ({@code users/create_message_users.sql}): sender and
   * receiver, classified by {@code cognito_user_id = sub} (NULL for a NULL id: neither).
   */
  static final String MESSAGE_USERS =
      """
      SELECT users.uuid, users.display_name, users.handle,
        CASE users.cognito_user_id = %(cognito_user_id)s
          WHEN TRUE THEN 'sender' WHEN FALSE THEN 'recv' ELSE 'other' END AS kind
      FROM public.users
      WHERE users.cognito_user_id = %(cognito_user_id)s OR users.handle = %(user_receiver_handle)s\
      """;

  /**
   * {@code services/messages.py}, {@code message_groups.py} ({@code
   * users/uuid_from_cognito_user_id.sql}).
   */
  static final String UUID_OF_SUB =
      """
      SELECT users.uuid FROM public.users WHERE users.cognito_user_id = %(cognito_user_id)s LIMIT 1\
      """;

  /** {@code services/create_activity.py} ({@code activities/create.sql}). */
  static final String CREATE_ACTIVITY =
      """
      INSERT INTO public.activities (user_uuid, message, expires_at) VALUES (
        (SELECT uuid FROM public.users WHERE users.cognito_user_id = %(cognito_user_id)s LIMIT 1),
        %(message)s, %(expires_at)s) RETURNING uuid\
      """;

  /** {@code services/create_reply.py} ({@code activities/reply.sql}). */
  static final String CREATE_REPLY =
      """
      INSERT INTO public.activities (user_uuid, message, reply_to_activity_uuid) VALUES (
        (SELECT uuid FROM public.users WHERE users.cognito_user_id = %(cognito_user_id)s LIMIT 1),
        %(message)s, %(reply_to_activity_uuid)s) RETURNING uuid\
      """;

  /**
   * {@code services/home_activities.py} ({@code activities/home.sql}): every activity, newest
   * first.
   */
  static final String HOME =
      """
      SELECT activities.uuid, users.display_name, users.handle, activities.message, activities.replies_count,
        activities.reposts_count, activities.likes_count, activities.reply_to_activity_uuid, activities.expires_at,
        activities.created_at
      FROM public.activities LEFT JOIN public.users ON users.uuid = activities.user_uuid
      ORDER BY activities.created_at DESC\
      """;

  /**
   * {@code services/create_activity.py} and {@code create_reply.py} after the insert ({@code
   * activities/object.sql}).
   */
  static final String ACTIVITY_OBJECT =
      """
      SELECT activities.uuid, users.display_name, users.handle, activities.message, activities.created_at,
        activities.expires_at, reply_to_activity_uuid
      FROM public.activities INNER JOIN public.users ON users.uuid = activities.user_uuid
      WHERE activities.uuid = %(uuid)s\
      """;

  /**
   * {@code services/show_activity.py} ({@code activities/show.sql}): an activity and its replies.
   */
  static final String SHOW_ACTIVITY =
      """
      SELECT
        (SELECT COALESCE(row_to_json(object_row), '{}'::json) FROM (
          SELECT activities.uuid, users.display_name, users.handle, activities.message, activities.replies_count,
            activities.reposts_count, activities.likes_count, activities.expires_at, activities.created_at
        ) object_row) AS activity,
        (SELECT COALESCE(array_to_json(array_agg(row_to_json(array_row))), '[]'::json) FROM (
          SELECT replies.uuid, reply_users.display_name, reply_users.handle, replies.message, replies.replies_count,
            replies.reposts_count, replies.likes_count, replies.reply_to_activity_uuid, replies.created_at
          FROM public.activities replies LEFT JOIN public.users reply_users ON reply_users.uuid = replies.user_uuid
          WHERE replies.reply_to_activity_uuid = activities.uuid ORDER BY activities.created_at ASC
        ) array_row) AS replies
      FROM public.activities LEFT JOIN public.users ON users.uuid = activities.user_uuid
      WHERE activities.uuid = %(uuid)s ORDER BY activities.created_at DESC\
      """;

  private AppStatements() {}
}
