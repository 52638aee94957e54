package app.cruddur.ops.runner.internal.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.internal.local.LocalLayout;
import app.cruddur.ops.runner.internal.local.LocalState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target decided once, without starting anything: what is local, who owns each store, the one
 * description, and the names a deployment leaves out. The rules WrongDatabaseTest and the target
 * tests pin end to end, here state by state.
 */
class ResolutionTest {
  static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");

  @TempDir Path localDir;

  ResolvedTarget resolve(Target target, Map<String, String> env) {
    return Resolution.resolve(target, ResourceNames.defaults(), env);
  }

  /** The local environment's state file as a running supervisor leaves it. */
  void recordPostgresPort(int port) {
    new LocalState(1, port, 2, 5000, 3, Instant.EPOCH, true, "5.2.1", null)
        .write(new LocalLayout(localDir).stateFile());
  }

  @Test
  void theLocalEnvironmentIsLocalAndOwnsEveryStore() {
    ResolvedTarget local = resolve(Target.local(localDir), Map.of());

    assertThat(local.local()).isTrue();
    assertThat(local.describe()).isEqualTo("local");
    assertThat(Store.values()).allMatch(local::owns);
  }

  @Test
  void aDatabaseOnTheLocalEnvironmentsOwnServerIsStillLocal() {
    recordPostgresPort(15432);
    ResolvedTarget target =
        resolve(
            Target.local(localDir).withDatabaseUrl("postgresql://postgres@127.0.0.1:15432/other"),
            Map.of());

    assertThat(target.local()).isTrue();
    assertThat(target.describe()).isEqualTo("local");
  }

  @Test
  void anotherServersDatabaseMakesLocalEnginesThatAreNotLocal() {
    recordPostgresPort(15432);
    ResolvedTarget byEnv =
        resolve(
            Target.local(localDir),
            Map.of("CRUDDUR_DATABASE_URL", "postgresql://alice:secret@127.0.0.1:6543/cruddur"));

    assertThat(byEnv.local()).isFalse();
    assertThat(byEnv.localEngines()).isTrue();
    assertThat(byEnv.owns(Store.POSTGRES)).as("a release there needs a context").isFalse();
    assertThat(byEnv.owns(Store.DYNAMODB)).isTrue();
    assertThat(byEnv.describe())
        .isEqualTo(
            "local engines, database postgresql://alice@127.0.0.1:6543/cruddur"
                + " (CRUDDUR_DATABASE_URL)");
    assertThat(byEnv.toString()).doesNotContain("secret");
  }

  @Test
  void describingALocalTargetWhoseEnvironmentIsDownStartsNothing() throws Exception {
    ResolvedTarget target =
        resolve(
            Target.local(localDir).withDatabaseUrl("postgresql://postgres@127.0.0.1:15432/other"),
            Map.of());

    assertThat(target.describe())
        .isEqualTo(
            "local engines, database postgresql://postgres@127.0.0.1:15432/other (--db-url)");
    try (var files = Files.list(localDir)) {
      assertThat(files).as("no engine started, no file written").isEmpty();
    }
  }

  @Test
  void onAwsTheCdkAppOwnsEveryStoreAndNothingDefaults() {
    ResolvedTarget aws =
        resolve(Target.aws(Optional.of("admin"), Optional.of("eu-west-1")), Map.of());

    assertThat(aws.local()).isFalse();
    assertThat(Store.values()).noneMatch(aws::owns);
    assertThat(aws.describe()).isEqualTo("aws profile admin region eu-west-1");
    TargetNames names = TargetNames.resolve(aws, Optional.empty());
    assertThatThrownBy(names::tableName)
        .isInstanceOf(CruddurException.class)
        .satisfies(
            e -> assertThat(((CruddurException) e).code()).isEqualTo(ErrorCode.NAME_REQUIRED))
        .hasMessageContaining("on AWS nothing is a default");
  }

  @Test
  void anotherEndpointIsTheRunnersWithOrWithoutADeploymentNamed() {
    ResolvedTarget endpoint =
        resolve(
            Target.endpoint(ENDPOINT, Optional.of("us-east-1"))
                .withDeploymentOutputs(Path.of("cdk-outputs.json")),
            Map.of());
    Deployment auth = new Deployment("cdk-outputs.json", Map.of("UserPoolId", "us-east-1_abc"));

    TargetNames names = TargetNames.resolve(endpoint, Optional.of(auth));

    assertThat(endpoint.owns(Store.DYNAMODB)).isTrue();
    assertThat(endpoint.owns(Store.COGNITO)).isTrue();
    assertThat(endpoint.owns(Store.POSTGRES)).isFalse();
    assertThat(names.tableName())
        .as("a deployment that does not name the table: the table the release creates there")
        .isEqualTo("cruddur-messages");
    assertThat(names.userPoolId()).contains("us-east-1_abc");
  }

  @Test
  void aGivenNameWinsOverTheDeploymentsAndTheModels() {
    ResolvedTarget target =
        Resolution.resolve(
            Target.endpoint(ENDPOINT, Optional.of("us-east-1")),
            ResourceNames.defaults().withTableName("mine"),
            Map.of());

    assertThat(
            TargetNames.resolve(
                    target, Optional.of(new Deployment("f", Map.of("TableName", "theirs"))))
                .tableName())
        .isEqualTo("mine");
  }
}
