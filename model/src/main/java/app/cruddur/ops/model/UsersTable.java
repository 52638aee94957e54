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
  /** The Cognito {@code sub}, unique when set. */
  public static final String COGNITO_USER_ID = "cognito_user_id";

  private UsersTable() {}
}
