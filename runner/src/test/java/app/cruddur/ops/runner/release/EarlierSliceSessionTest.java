package app.cruddur.ops.runner.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.internal.ledger.ReleaseLock;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A slice of a release workflow that died in Lambda (timed out, its sandbox frozen) keeps its TCP
 * connection, so the server keeps its session and the release lock until keepalives notice. Here
 * that session is a connection the test holds open, as the frozen slice would: the next slice of
 * the same execution ends it and releases; a session of anyone else holding the lock is never
 * touched, and that slice answers LOCK_HELD as before.
 */
@ExtendWith(SharedLocalEnvironment.class)
class EarlierSliceSessionTest {

  @Test
  void theNextSliceEndsItsOwnExecutionsFrozenSessionButNoOneElses() throws Exception {
    TestProject project = TestProject.copyOfRepository("earlierSlice");
    TestTarget target = TestTarget.fresh("earlierSlice");

    try (Connection person = holdingTheLock(target, "cruddur db rollback someone@laptop")) {
      assertThatThrownBy(() -> slice(project, target, "execution-b"))
          .isInstanceOfSatisfying(
              CruddurException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_HELD));
      assertThat(person.isValid(5)).as("a person's session is never ended").isTrue();
    }

    try (Connection frozen =
        holdingTheLock(target, ReleaseLock.sliceSessionName("execution-a") + " vehicle")) {
      ReleaseResult result = slice(project, target, "execution-a");

      assertThat(result.unfinished()).isEmpty();
      assertThat(result.applied()).isNotEmpty();
      assertThat(frozen.isValid(5)).as("the earlier slice's session was ended").isFalse();
    }
    assertThat(
            target.queryOne(
                "SELECT count(*) FROM cruddur_release_ledger WHERE outcome = 'SUCCEEDED'"))
        .isNotEqualTo("0");
  }

  @Test
  void aSliceSessionOnAnotherDatabaseOfTheServerIsNeitherNamedNorEnded() throws Exception {
    TestTarget elsewhere = TestTarget.fresh("earlierSliceElsewhere");
    TestTarget target = TestTarget.fresh("earlierSlice");

    try (Connection other =
            holdingTheLock(elsewhere, ReleaseLock.sliceSessionName("execution-c") + " vehicle");
        Connection here = target.connect()) {
      assertThat(ReleaseLock.holder(here)).as("the lock is free on this database").isEmpty();
      assertThat(ReleaseLock.endEarlierSlice(here, "execution-c")).isEmpty();
      assertThat(other.isValid(5)).as("another database's session is never ended").isTrue();
    }
  }

  /** A session named {@code name} that holds the release lock, as a release's would. */
  private static Connection holdingTheLock(TestTarget target, String name) throws SQLException {
    Connection c = target.connect();
    try (Statement s = c.createStatement()) {
      s.execute("SET application_name = '" + name + "'");
      s.execute("SELECT pg_advisory_lock(" + ReleaseLock.KEY + ")");
    }
    return c;
  }

  private static ReleaseResult slice(TestProject project, TestTarget target, String owner) {
    try (Release release = target.release(project.dir()).lockWait(Duration.ofSeconds(1)).load()) {
      OperationResult result =
          release.run(
              VerbRequest.slice(
                  new VerbRequest.Slice(owner, Duration.ofSeconds(60), Optional.empty()), true));
      return (ReleaseResult) result;
    }
  }
}
