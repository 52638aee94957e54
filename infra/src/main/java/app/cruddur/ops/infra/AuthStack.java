package app.cruddur.ops.infra;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.model.DeploymentOutputs;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.constructs.Construct;

/**
 * The Cognito user pool of Cruddur: users sign in with their email; {@code preferred_username} is
 * the Cruddur handle and {@code name} the display name (cognito sync matches the handle with {@code
 * users.handle}). The web app signs in with SRP through an app client without a secret.
 *
 * <p>A pool that exists already (made by hand in the console, as the course's teams did, with users
 * whose passwords cannot be exported) is referred to by its id and never owned: the stack has no
 * {@code AWS::Cognito::UserPool} resource, so no deploy can replace or delete it, and it creates
 * only the web client in it.
 */
public final class AuthStack extends Stack {
  /** The pool's construct id, owned or referred to. */
  public static final String POOL_ID = "UserPool";

  private final IUserPool userPool;
  private final Optional<UserPool> ownedPool;
  private final UserPoolClient client;

  /** The auth stack of {@code config}, owning its pool. */
  public AuthStack(Construct scope, String id, StackProps props, StageConfig config) {
    this(scope, id, props, config, Optional.empty());
  }

  /** The auth stack of {@code config}, referring to the pool {@code existingPoolId} if given. */
  public AuthStack(
      Construct scope,
      String id,
      StackProps props,
      StageConfig config,
      Optional<String> existingPoolId) {
    super(scope, id, props);

    ownedPool = existingPoolId.isPresent() ? Optional.empty() : Optional.of(ownPool(config));
    userPool =
        existingPoolId.isPresent()
            ? UserPool.fromUserPoolId(this, POOL_ID, existingPoolId.get())
            : ownedPool.get();

    client =
        userPool.addClient(
            "WebClient",
            UserPoolClientOptions.builder()
                .userPoolClientName(CognitoPool.CLIENT_NAME)
                .generateSecret(false)
                .authFlows(AuthFlow.builder().userSrp(true).build())
                .preventUserExistenceErrors(true)
                // the app signs in with SRP itself: no hosted UI, no OAuth flows
                .disableOAuth(true)
                .build());

    CfnOutput.Builder.create(this, DeploymentOutputs.USER_POOL_ID)
        .description("The Cognito user pool")
        .value(userPool.getUserPoolId())
        .build();
    CfnOutput.Builder.create(this, DeploymentOutputs.USER_POOL_CLIENT_ID)
        .description("The web app's client (no secret, SRP)")
        .value(client.getUserPoolClientId())
        .build();
  }

  /** The user pool, owned or referred to. */
  public IUserPool userPool() {
    return userPool;
  }

  /** The user pool, when this stack owns it (none when it refers to an existing one). */
  public Optional<UserPool> ownedPool() {
    return ownedPool;
  }

  /** The web app's client. */
  public UserPoolClient client() {
    return client;
  }

  private UserPool ownPool(StageConfig config) {
    return UserPool.Builder.create(this, POOL_ID)
        .userPoolName(config.userPoolName())
        .featurePlan(FeaturePlan.ESSENTIALS)
        .selfSignUpEnabled(true)
        .signInAliases(SignInAliases.builder().email(true).build())
        .signInCaseSensitive(false)
        .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
        .standardAttributes(
            StandardAttributes.builder()
                .email(StandardAttribute.builder().required(true).mutable(true).build())
                .preferredUsername(StandardAttribute.builder().required(true).mutable(true).build())
                // CloudFormation's "name"
                .fullname(StandardAttribute.builder().required(true).mutable(true).build())
                .build())
        .passwordPolicy(
            PasswordPolicy.builder()
                .minLength(12)
                .requireLowercase(true)
                .requireUppercase(true)
                .requireDigits(true)
                .requireSymbols(true)
                .tempPasswordValidity(Duration.days(3))
                .build())
        .mfa(Mfa.OPTIONAL)
        .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
        .accountRecovery(AccountRecovery.EMAIL_ONLY)
        .deletionProtection(config.production())
        .removalPolicy(config.dataRemovalPolicy())
        .build();
  }
}
