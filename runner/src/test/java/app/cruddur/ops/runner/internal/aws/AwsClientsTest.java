package app.cruddur.ops.runner.internal.aws;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.Target;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which targets skip the SDK's eager TLS set-up: only those reached over plain http. */
class AwsClientsTest {
  @Test
  void theLocalEngineIsPlainHttp() {
    AwsClients clients =
        new AwsClients(
            Target.local(Path.of("/tmp/unused")),
            Optional.of(URI.create("http://127.0.0.1:8000")),
            Map.of(),
            List.of());
    assertThat(clients.plainHttpOnly()).isTrue();
  }

  @Test
  void anHttpEndpointIsPlainHttp() {
    AwsClients clients =
        new AwsClients(
            Target.endpoint(URI.create("http://localhost:4566"), Optional.of("us-east-1")),
            Optional.empty(),
            Map.of(),
            List.of());
    assertThat(clients.plainHttpOnly()).isTrue();
  }

  @Test
  void anHttpsEndpointKeepsTheSdksTls() {
    AwsClients clients =
        new AwsClients(
            Target.endpoint(URI.create("https://dynamodb.example.com"), Optional.of("us-east-1")),
            Optional.empty(),
            Map.of(),
            List.of());
    assertThat(clients.plainHttpOnly()).isFalse();
  }

  @Test
  void awsKeepsTheSdksTlsEvenWithAnHttpEndpointVariable() {
    AwsClients clients =
        new AwsClients(
            Target.aws(Optional.empty(), Optional.of("us-east-1")),
            Optional.empty(),
            Map.of("AWS_ENDPOINT_URL", "http://localhost:4566"),
            List.of());
    assertThat(clients.plainHttpOnly()).isFalse();
  }

  @Test
  void aClientOnAPlainHttpEndpointBuildsWithoutContactingIt() {
    try (AwsClients clients =
        new AwsClients(
            Target.endpoint(URI.create("http://127.0.0.1:1"), Optional.of("us-east-1")),
            Optional.empty(),
            Map.of(),
            List.of())) {
      assertThat(clients.dynamo()).isNotNull();
    }
  }
}
