package app.cruddur.ops.runner.internal.cognito;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.targets.Connections;
import app.cruddur.ops.runner.internal.targets.TargetNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeDataType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.VerifiedAttributeType;

/**
 * Which user pool a target means: the id when one is given (flag, deployment outputs), else the
 * pool with the configured name, found by listing every pool (the local emulator makes up ids, so
 * there the name is the stable handle). The one place that looks a pool up; the release's store
 * identity, the steps and the commands all ask here.
 */
public final class UserPools {
  /** ListUserPools returns at most this many a page. */
  static final int LIST_POOLS_PAGE = 60;

  private UserPools() {}

  /**
   * What the pool and app client step did.
   *
   * @param poolId the pool's id
   * @param poolCreated whether the pool was created now
   * @param clientCreated whether the app client was created now
   */
  public record Provisioned(String poolId, boolean poolCreated, boolean clientCreated) {}

  /**
   * Cognito of the target in messages: "Cognito at http://127.0.0.1:8000" or "Cognito in
   * eu-west-1".
   */
  public static String where(Connections session) {
    return session.aws().describe("Cognito", "COGNITO_IDENTITY_PROVIDER");
  }

  /**
   * The id the names point at, without checking that a given id exists: the given id, else the pool
   * with the name, if any.
   *
   * @throws CruddurException exit 4 when several pools have the name
   */
  public static Optional<String> idOf(Connections session) {
    TargetNames names = session.names();
    if (names.userPoolId().isPresent()) {
      return names.userPoolId();
    }
    return idByName(session, names.userPoolName());
  }

  /**
   * The pool the names point at, if it exists.
   *
   * @throws CruddurException exit 2 when a given id does not exist; exit 4 when several pools have
   *     the name, or Cognito cannot be reached
   */
  public static Optional<String> find(Connections session) {
    Optional<String> given = session.names().userPoolId();
    if (given.isEmpty()) {
      return idOf(session);
    }
    try {
      session.cognito().describeUserPool(b -> b.userPoolId(given.get()));
      return given;
    } catch (ResourceNotFoundException e) {
      throw CruddurException.of(
          ErrorCode.UNKNOWN_USER_POOL,
          "there is no user pool " + given.get() + " in " + where(session),
          "Check --user-pool-id (aws cognito-idp list-user-pools --max-results 60 lists them)");
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "looking up user pool " + given.get(), where(session));
    }
  }

  /**
   * The pool the names point at.
   *
   * @throws CruddurException as {@link #find}, and exit 4 when no pool has the name
   */
  public static String require(Connections session) {
    return find(session).orElseThrow(() -> missing(session));
  }

  /** The failure for a pool that is not there, with what to do on this kind of target. */
  public static CruddurException missing(Connections session) {
    String name = session.names().userPoolName();
    String remedy =
        !session.target().owns(Store.COGNITO)
            ? "Pass --user-pool-id ID (an output of the CDK app) or --user-pool-name NAME"
            : "Run `cruddur release` (its cognito-users step creates the pool in the dev context),"
                + " or pass --user-pool-id ID";
    return CruddurException.of(
        ErrorCode.NO_USER_POOL,
        "there is no user pool named " + name + " in " + where(session),
        remedy);
  }

  /**
   * Creates the pool (sign-in by email; {@code preferred_username} and {@code name}) and its app
   * client (no secret: a browser app) where they are missing. For emulators only: on AWS the CDK
   * app owns both.
   */
  public static Provisioned ensure(Connections session) {
    CognitoIdentityProviderClient cognito = session.cognito();
    TargetNames names = session.names();
    try {
      Optional<String> existing = find(session);
      String poolId =
          existing.orElseGet(
              () ->
                  cognito
                      .createUserPool(
                          b ->
                              b.poolName(names.userPoolName())
                                  .usernameAttributes(UsernameAttributeType.EMAIL)
                                  .autoVerifiedAttributes(VerifiedAttributeType.EMAIL)
                                  .usernameConfiguration(c -> c.caseSensitive(false))
                                  .schema(
                                      attribute(CognitoPool.EMAIL_ATTRIBUTE, true),
                                      attribute(CognitoPool.HANDLE_ATTRIBUTE, false),
                                      attribute(CognitoPool.NAME_ATTRIBUTE, false)))
                      .userPool()
                      .id());
      session.rememberPoolId(names.userPoolName(), poolId);
      boolean clientExists = clientIdOf(session, poolId).isPresent();
      if (!clientExists) {
        cognito.createUserPoolClient(
            b ->
                b.userPoolId(poolId)
                    .clientName(names.userPoolClientName())
                    .generateSecret(false)
                    .explicitAuthFlows(
                        ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH));
      }
      return new Provisioned(poolId, existing.isEmpty(), !clientExists);
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "creating user pool " + names.userPoolName(), where(session));
    }
  }

  /**
   * The id of the pool's app client with the configured name, if it has one (every page listed).
   *
   * @throws CruddurException exit 4 when Cognito cannot be reached
   */
  public static Optional<String> clientIdOf(Connections session, String poolId) {
    String name = session.names().userPoolClientName();
    try {
      for (UserPoolClientDescription client :
          session
              .cognito()
              .listUserPoolClientsPaginator(b -> b.userPoolId(poolId).maxResults(LIST_POOLS_PAGE))
              .userPoolClients()) {
        if (name.equals(client.clientName())) {
          return Optional.of(client.clientId());
        }
      }
      return Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate(
          e, "listing the app clients of user pool " + poolId, where(session));
    }
  }

  private static Optional<String> idByName(Connections session, String name) {
    Optional<String> known = session.knownPoolId(name);
    if (known.isPresent()) {
      return known;
    }
    List<String> ids = new ArrayList<>();
    try {
      for (UserPoolDescriptionType pool :
          session
              .cognito()
              .listUserPoolsPaginator(b -> b.maxResults(LIST_POOLS_PAGE))
              .userPools()) {
        if (name.equals(pool.name())) {
          ids.add(pool.id());
        }
      }
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "looking for user pool " + name, where(session));
    }
    if (ids.size() > 1) {
      throw CruddurException.of(
          ErrorCode.NO_USER_POOL,
          ids.size()
              + " user pools are named "
              + name
              + " in "
              + where(session)
              + " ("
              + String.join(", ", ids)
              + ")",
          "Pass --user-pool-id with the one you mean");
    }
    ids.forEach(id -> session.rememberPoolId(name, id));
    return ids.stream().findFirst();
  }

  private static SchemaAttributeType attribute(String name, boolean required) {
    return SchemaAttributeType.builder()
        .name(name)
        .attributeDataType(AttributeDataType.STRING)
        .mutable(true)
        .required(required)
        .build();
  }
}
