package app.cruddur.ops.runner.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.LocalSliceTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/**
 * The hand-made pool is the one the course's week 3 clicks together (DescribeUserPool,
 * DescribeUserPoolClient), and its users, created in the console or signed up through the app, are
 * confirmed, with subs and the handle and name attributes the app and the sync read.
 */
class HandMadeUserPoolTest extends LocalSliceTest {
  @Test
  void thePoolSignsInByEmailRequiresNameAndHandleAndHasAPublicClient() {
    try (CognitoIdentityProviderClient cognito = target.cognito()) {
      HandMadeUserPool pool = HandMadeUserPool.create(cognito, target.userPoolName());

      UserPoolType described = cognito.describeUserPool(b -> b.userPoolId(pool.id())).userPool();
      UserPoolClientType client =
          cognito
              .describeUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId()))
              .userPoolClient();

      assertThat(described.name()).isEqualTo(target.userPoolName());
      assertThat(described.usernameAttributesAsStrings()).containsExactly("email");
      assertThat(described.autoVerifiedAttributesAsStrings()).containsExactly("email");
      assertThat(described.mfaConfigurationAsString()).isEqualTo("OFF");
      assertThat(described.schemaAttributes())
          .filteredOn(SchemaAttributeType::required)
          .extracting(SchemaAttributeType::name)
          .contains("email", "name", "preferred_username");
      assertThat(client.clientName()).isEqualTo("cruddur");
      assertThat(client.clientSecret()).isNull();
      assertThat(client.explicitAuthFlowsAsStrings()).contains("ALLOW_USER_SRP_AUTH");
    }
  }

  @Test
  void usersMadeInTheConsoleOrSignedUpAreConfirmedWithTheirHandleNameAndSub() {
    try (CognitoIdentityProviderClient cognito = target.cognito()) {
      HandMadeUserPool pool = HandMadeUserPool.create(cognito, target.userPoolName());

      PoolUser andrew =
          pool.createUser("andrew@exampro.co", "Andrew Brown", "andrewbrown", "Pass-word-2023!");
      PoolUser vir = pool.signUp("vir@centauri.example", "Vir Cotto", "vir", "Pass-word-2023!");

      assertThat(pool.users()).containsOnlyKeys("andrewbrown", "vir");
      assertThat(pool.users().get("andrewbrown")).isEqualTo(andrew);
      assertThat(pool.users().get("vir")).isEqualTo(vir);
      assertThat(andrew.sub()).isNotBlank().isNotEqualTo(vir.sub());
      assertThat(pool.subsByHandle()).containsEntry("vir", vir.sub());
      cognito
          .listUsersPaginator(b -> b.userPoolId(pool.id()))
          .users()
          .forEach(u -> assertThat(u.userStatusAsString()).as(u.username()).isEqualTo("CONFIRMED"));
    }
  }
}
