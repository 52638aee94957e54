package app.cruddur.ops.runner.internal.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.api.Target;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The AWS clients a release prepares on another thread: built once, errors left to the real call.
 */
class ConnectionsTest {
  @Test
  void postgresOnlyPreparesNothing() {
    try (Connections session =
        session(Target.endpoint(URI.create("http://127.0.0.1:1"), Optional.of("us-east-1")))) {
      assertThat(session.prepareAwsClients(EnumSet.of(Store.POSTGRES))).isDone();
    }
  }

  @Test
  void thePreparedClientIsTheOneTheReleaseUses() throws Exception {
    try (Connections session =
        session(Target.endpoint(URI.create("http://127.0.0.1:1"), Optional.of("us-east-1")))) {
      session.prepareAwsClients(EnumSet.of(Store.DYNAMODB)).get(60, TimeUnit.SECONDS);
      assertThat(session.dynamo()).isSameAs(session.dynamo());
    }
  }

  @Test
  void aClientThatCannotBeBuiltFailsOnTheRealCallNotInTheBackground() throws Exception {
    try (Connections session = session(Target.aws(Optional.empty(), Optional.of("nowhere-1")))) {
      session
          .prepareAwsClients(EnumSet.of(Store.DYNAMODB, Store.COGNITO))
          .get(60, TimeUnit.SECONDS);
      assertThatThrownBy(session::dynamo)
          .isInstanceOf(CruddurException.class)
          .hasMessageContaining("nowhere-1");
    }
  }

  @Test
  void nothingIsBuiltForASessionThatIsAlreadyClosed() throws Exception {
    Connections session =
        session(Target.endpoint(URI.create("http://127.0.0.1:1"), Optional.of("us-east-1")));
    session.close();
    session.prepareAwsClients(EnumSet.of(Store.DYNAMODB)).get(60, TimeUnit.SECONDS);
    assertThatThrownBy(session::dynamo)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static Connections session(Target target) {
    return new Connections(
        Resolution.resolve(target, ResourceNames.defaults(), Map.of()), Map.of());
  }
}
