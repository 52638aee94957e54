package app.cruddur.ops.runner.adopt;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AccountRecoverySettingType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminCreateUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolMfaType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * A user pool made by hand in the Cognito console, as the course's week 3 has every team make it
 * (the console's calls, made with the SDK): sign-in with email, the required attributes {@code
 * name} and {@code preferred_username}, no MFA, recovery by email, self sign-up, email verified by
 * Cognito, and a public app client {@code cruddur} without a secret. Its users have passwords of
 * their own, which cannot be exported: whoever adopts the pool must keep it.
 */
public final class HandMadeUserPool {
  /** The console's app client's name in the course. */
  public static final String CLIENT_NAME = "cruddur";

  private final CognitoIdentityProviderClient cognito;
  private final String id;
  private final String clientId;

  private HandMadeUserPool(CognitoIdentityProviderClient cognito, String id, String clientId) {
    this.cognito = cognito;
    this.id = id;
    this.clientId = clientId;
  }

  /** The console's "Create user pool" wizard with the course's choices, named {@code name}. */
  public static HandMadeUserPool create(CognitoIdentityProviderClient cognito, String name) {
    String id =
        cognito
            .createUserPool(
                b ->
                    b.poolName(name)
                        .usernameAttributes(UsernameAttributeType.EMAIL)
                        .usernameConfiguration(u -> u.caseSensitive(false))
                        .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                        .mfaConfiguration(UserPoolMfaType.OFF)
                        .accountRecoverySetting(
                            AccountRecoverySettingType.builder()
                                .recoveryMechanisms(
                                    r -> r.name(RecoveryOptionNameType.VERIFIED_EMAIL).priority(1))
                                .build())
                        .adminCreateUserConfig(a -> a.allowAdminCreateUserOnly(false))
                        .emailConfiguration(e -> e.emailSendingAccount("COGNITO_DEFAULT"))
                        .schema(
                            required("email"), required("name"), required("preferred_username")))
            .userPool()
            .id();
    String clientId =
        cognito
            .createUserPoolClient(
                b ->
                    b.userPoolId(id)
                        .clientName(CLIENT_NAME)
                        .generateSecret(false)
                        .explicitAuthFlows(
                            ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                            ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
            .userPoolClient()
            .clientId();
    return new HandMadeUserPool(cognito, id, clientId);
  }

  /** The pool's id. */
  public String id() {
    return id;
  }

  /** The console's app client. */
  public String clientId() {
    return clientId;
  }

  /**
   * "Create user" in the console, then the user's first sign-in with a password of their own: the
   * user is CONFIRMED, its email verified.
   */
  public PoolUser createUser(String email, String name, String handle, String password) {
    AdminCreateUserResponse created =
        cognito.adminCreateUser(
            b ->
                b.userPoolId(id)
                    .username(email)
                    .messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(
                        attribute("email", email),
                        attribute("email_verified", "true"),
                        attribute("name", name),
                        attribute("preferred_username", handle)));
    cognito.adminSetUserPassword(
        b -> b.userPoolId(id).username(email).password(password).permanent(true));
    return poolUser(created.user().attributes());
  }

  /**
   * The app's sign-up (Amplify's {@code Auth.signUp} through the {@code cruddur} client) and its
   * confirmation with the emailed code: the user is CONFIRMED.
   */
  public PoolUser signUp(String email, String name, String handle, String password) {
    String sub =
        cognito
            .signUp(
                b ->
                    b.clientId(clientId)
                        .username(email)
                        .password(password)
                        .userAttributes(
                            attribute("email", email),
                            attribute("name", name),
                            attribute("preferred_username", handle)))
            .userSub();
    cognito.adminConfirmSignUp(b -> b.userPoolId(id).username(email));
    return new PoolUser(email, name, handle, sub);
  }

  /** Every user (ListUsers, every page), by handle. */
  public Map<String, PoolUser> users() {
    Map<String, PoolUser> users = new TreeMap<>();
    cognito
        .listUsersPaginator(b -> b.userPoolId(id))
        .users()
        .forEach(
            (UserType user) -> {
              PoolUser poolUser = poolUser(user.attributes());
              users.put(poolUser.handle(), poolUser);
            });
    return users;
  }

  /** The subs by handle, as {@code bin/db/update_cognito_user_ids} reads them from ListUsers. */
  public Map<String, String> subsByHandle() {
    Map<String, String> subs = new TreeMap<>();
    users().forEach((handle, user) -> subs.put(handle, user.sub()));
    return subs;
  }

  private static PoolUser poolUser(List<AttributeType> attributes) {
    Map<String, String> byName = new TreeMap<>();
    attributes.forEach(a -> byName.put(a.name(), a.value()));
    return new PoolUser(
        byName.get("email"),
        byName.get("name"),
        byName.get("preferred_username"),
        byName.get("sub"));
  }

  private static AttributeType attribute(String name, String value) {
    return AttributeType.builder().name(name).value(value).build();
  }

  private static SchemaAttributeType required(String name) {
    return SchemaAttributeType.builder()
        .name(name)
        .attributeDataType(AttributeDataType.STRING)
        .required(true)
        .mutable(true)
        .build();
  }
}
