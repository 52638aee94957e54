package app.cruddur.ops.model;

/** Names of the PostgreSQL {@code public.users} table, owned by the Liquibase changelog. */
public final class UsersTable {
  /** Table name. */
  public static final String NAME = "users";

  /** Primary key column, a UUID. */
  public static final String UUID = "uuid";

  /** Display name column. */
  public static final String DISPLAY_NAME = "display_name";

  /** The Cruddur handle, unique; Cognito's {@code preferred_username}. */
  public static final String HANDLE = "handle";

  /** Email column. */
  public static final String EMAIL = "email";

  /**
   * The Cognito {@code sub}, unique among real subs; {@link #NO_COGNITO_USER} until the user has
   * one.
   */
  public static final String COGNITO_USER_ID = "cognito_user_id";

  /**
   * The {@code cognito_user_id} of a user who has no Cognito user (yet): the Cruddur app's own seed
   * placeholder, and the column's default. Never NULL: the app's {@code create_message_users.sql}
   * compares {@code cognito_user_id = sub}, which is NULL (not false) for a NULL, and then finds no
   * receiver. A JWT's {@code sub} is a UUID, so it never matches the placeholder.
   */
  public static final String NO_COGNITO_USER = "MOCK";

  private UsersTable() {}
}
