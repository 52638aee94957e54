package app.cruddur.ops.infra;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.model.DeploymentOutputs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The user pool and the web app's client, as dev synthesizes them. */
class AuthStackTest {
  private final Template auth = Synthesized.dev().auth();

  @Test
  void usersSignInWithTheirEmailAndCarryAHandleAndAName() {
    auth.hasResourceProperties(
        "AWS::Cognito::UserPool",
        Match.objectLike(
            Map.of(
                "UserPoolName", "cruddur-user-pool-dev",
                "UsernameAttributes", List.of(CognitoPool.EMAIL_ATTRIBUTE),
                "AutoVerifiedAttributes", List.of(CognitoPool.EMAIL_ATTRIBUTE))));
    for (String attribute : List.of(CognitoPool.HANDLE_ATTRIBUTE, CognitoPool.NAME_ATTRIBUTE)) {
      auth.hasResourceProperties(
          "AWS::Cognito::UserPool",
          Match.objectLike(
              Map.of(
                  "Schema",
                  Match.arrayWith(
                      List.of(Map.of("Name", attribute, "Required", true, "Mutable", true))))));
    }
  }

  @Test
  void passwordsAreStrongAndAccountsAreRecoveredByEmail() {
    auth.hasResourceProperties(
        "AWS::Cognito::UserPool",
        Match.objectLike(
            Map.of(
                "Policies",
                    Map.of(
                        "PasswordPolicy",
                        Match.objectLike(
                            Map.of(
                                "MinimumLength", 12,
                                "RequireLowercase", true,
                                "RequireUppercase", true,
                                "RequireNumbers", true,
                                "RequireSymbols", true))),
                "AccountRecoverySetting",
                    Map.of(
                        "RecoveryMechanisms",
                        List.of(Map.of("Name", "verified_email", "Priority", 1))))));
  }

  @Test
  void theWebClientHasNoSecretAndSignsInWithSrp() {
    auth.hasResourceProperties(
        "AWS::Cognito::UserPoolClient",
        Match.objectLike(
            Map.of(
                "ClientName",
                CognitoPool.CLIENT_NAME,
                "GenerateSecret",
                false,
                "ExplicitAuthFlows",
                List.of("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
                "PreventUserExistenceErrors",
                "ENABLED")));
  }

  @Test
  void theStackOutputsThePoolAndClientIds() {
    auth.hasOutput(
        DeploymentOutputs.USER_POOL_ID,
        Map.of("Value", Map.of("Ref", Match.stringLikeRegexp("UserPool.*"))));
    auth.hasOutput(
        DeploymentOutputs.USER_POOL_CLIENT_ID,
        Map.of("Value", Map.of("Ref", Match.stringLikeRegexp(".*WebClient.*"))));
  }
}
