package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ReleaseStop;
import app.cruddur.ops.runner.internal.ledger.ReleaseLease;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The vehicle's {@code stop} verb ({@code release --via --stop}): asks the release under the live
 * lease to stop at its next boundary ({@link ReleaseLease#requestStop}), as the actor.
 */
public record RequestStop(ReleaseSession release) implements Operation<ReleaseStop> {
  @Override
  public ReleaseStop run() {
    try (Connection c = release.session().postgres().open("cruddur release stop")) {
      var lease = ReleaseLease.read(c).filter(ReleaseLease.State::live);
      ReleaseStop.Outcome outcome = ReleaseLease.requestStop(c, release.actor());
      return new ReleaseStop(outcome, lease.map(ReleaseLease.State::owner), List.of());
    } catch (SQLException e) {
      throw CruddurException.of(
          ErrorCode.DATABASE_ERROR,
          "could not ask the release to stop: " + e.getMessage(),
          "Check the database, then stop again: the workflow's execution is stopped already");
    }
  }
}
