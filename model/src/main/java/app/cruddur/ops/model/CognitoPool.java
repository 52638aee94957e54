package app.cruddur.ops.model;

/** Names of the Cognito user pool shared by the CDK app and the runner. */
public final class CognitoPool {
  /** The handle attribute; it matches {@code users.handle}. */
  public static final String HANDLE_ATTRIBUTE = "preferred_username";

  /** The display-name attribute. */
  public static final String NAME_ATTRIBUTE = "name";

  /** The sign-in attribute. */
  public static final String EMAIL_ATTRIBUTE = "email";

  /** The immutable user id, copied to {@code users.cognito_user_id}. */
  public static final String SUB_ATTRIBUTE = "sub";

  /** Default pool name. */
  public static final String POOL_NAME = "cruddur-user-pool";

  /** Default app client name. */
  public static final String CLIENT_NAME = "cruddur-web";

  /** ListUsers returns at most this many users a page. */
  public static final int LIST_USERS_PAGE_LIMIT = 60;

  private CognitoPool() {}
}
