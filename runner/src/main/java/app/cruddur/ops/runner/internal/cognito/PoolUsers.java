package app.cruddur.ops.runner.internal.cognito;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.runner.api.CognitoUser;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * The users of one pool: every page of ListUsers (at most 60 a page), resumed at the page where
 * throttling stopped it; and AdminCreateUser for the dev users. SDK failures become {@link
 * CruddurException}s naming the pool and the endpoint.
 */
public final class PoolUsers {
  private static final List<String> ATTRIBUTES =
      List.of(
          CognitoPool.SUB_ATTRIBUTE,
          CognitoPool.HANDLE_ATTRIBUTE,
          CognitoPool.EMAIL_ATTRIBUTE,
          CognitoPool.NAME_ATTRIBUTE);

  private final CognitoIdentityProviderClient cognito;
  private final String poolId;
  private final String where;
  private final ThrottlingRetry retry;

  /** The users of pool {@code poolId} of the session's target. */
  public PoolUsers(Connections session, String poolId, ThrottlingRetry retry) {
    this.cognito = session.cognito();
    this.poolId = poolId;
    this.where = UserPools.where(session);
    this.retry = retry;
  }

  /** Every user of the pool, in Cognito's order. */
  public List<CognitoUser> list() {
    List<CognitoUser> users = new ArrayList<>();
    ListUsersRequest first =
        ListUsersRequest.builder()
            .userPoolId(poolId)
            .limit(CognitoPool.LIST_USERS_PAGE_LIMIT)
            .attributesToGet(ATTRIBUTES)
            .build();
    // The token of the first page not read yet: a throttled listing resumes there, not from the
    // start.
    String[] next = {null};
    long[] pages = {0};
    try {
      retry.call(
          "ListUsers",
          () -> pages[0],
          () -> {
            ListUsersRequest from = first.toBuilder().paginationToken(next[0]).build();
            for (ListUsersResponse page : cognito.listUsersPaginator(from)) {
              page.users().forEach(u -> users.add(toUser(u)));
              next[0] = page.paginationToken();
              pages[0]++;
            }
            return users;
          });
      return users;
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "listing the users of pool " + poolId, where);
    }
  }

  /**
   * Creates {@code user} without sending an invitation, email verified. Returns false when a user
   * with that email exists already (left as it is).
   */
  public boolean create(NewUser user) {
    try {
      return retry.call(
          "AdminCreateUser",
          () -> {
            try {
              cognito.adminCreateUser(
                  b ->
                      b.userPoolId(poolId)
                          .username(user.email())
                          .messageAction(MessageActionType.SUPPRESS)
                          .userAttributes(
                              attribute(CognitoPool.EMAIL_ATTRIBUTE, user.email()),
                              attribute("email_verified", "true"),
                              attribute(CognitoPool.HANDLE_ATTRIBUTE, user.handle()),
                              attribute(CognitoPool.NAME_ATTRIBUTE, user.name())));
              return true;
            } catch (UsernameExistsException exists) {
              return false;
            }
          });
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "creating user " + user.handle() + " in pool " + poolId, where);
    }
  }

  private CognitoUser toUser(UserType user) {
    Map<String, String> attributes = new HashMap<>();
    for (AttributeType a : user.attributes()) {
      attributes.put(a.name(), a.value());
    }
    String sub = attributes.get(CognitoPool.SUB_ATTRIBUTE);
    if (sub == null || sub.isBlank()) {
      throw CruddurException.of(
          ErrorCode.SERVICE_ERROR,
          "Cognito user " + user.username() + " of pool " + poolId + " came back without a sub",
          "Check that the pool is a Cognito user pool (" + where + ")",
          null);
    }
    return new CognitoUser(
        user.username(),
        sub,
        nonBlank(attributes.get(CognitoPool.HANDLE_ATTRIBUTE)),
        nonBlank(attributes.get(CognitoPool.EMAIL_ATTRIBUTE)),
        nonBlank(attributes.get(CognitoPool.NAME_ATTRIBUTE)),
        user.userStatusAsString() == null ? "UNKNOWN" : user.userStatusAsString(),
        Boolean.TRUE.equals(user.enabled()));
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  private static AttributeType attribute(String name, String value) {
    return AttributeType.builder().name(name).value(value).build();
  }
}
