package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ReleaseStop;
import app.cruddur.ops.runner.internal.dynamo.migration.DistributedRuns;
import app.cruddur.ops.runner.internal.ledger.ReleaseLease;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.operations.Warnings;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The vehicle's {@code stop} verb ({@code release --via --stop}): asks the release under the live
 * lease to stop at its next boundary ({@link ReleaseLease#requestStop}), as the actor; and, as the
 * workers of a distributed step read only DynamoDB, marks the unfinished distributed runs of its
 * migrations in their control table ({@link DistributedRuns#requestStop}), so that the workers
 * already running end after the page in hand instead of at their own deadline. The lease first: a
 * slice in flight sees its stop before any worker of a hand-off could start.
 */
public record RequestStop(ReleaseSession release) implements Operation<ReleaseStop> {
  @Override
  public ReleaseStop run() {
    ReleaseStop.Outcome outcome;
    Optional<String> owner;
    try (Connection c = release.session().postgres().open("cruddur release stop")) {
      owner = ReleaseLease.read(c).filter(ReleaseLease.State::live).map(ReleaseLease.State::owner);
      outcome = ReleaseLease.requestStop(c, release.actor());
    } catch (SQLException e) {
      throw CruddurException.of(
          ErrorCode.DATABASE_ERROR,
          "could not ask the release to stop: " + e.getMessage(),
          "Check the database, then stop again: the workflow's execution is stopped already");
    }
    if (outcome == ReleaseStop.Outcome.NOTHING_TO_STOP) {
      return new ReleaseStop(outcome, owner, List.of(), List.of());
    }
    Warnings warnings = new Warnings();
    List<String> told = List.of();
    try {
      told =
          DistributedRuns.requestStop(
              release.session().dynamo(),
              release.session().names().tableName(),
              release.catalog().steps(),
              release.actor(),
              Instant.now());
    } catch (SdkException | CruddurException e) {
      warnings.add(
          Warnings.WORKERS_NOT_TOLD,
          "could not tell the workers of a distributed migration to stop ("
              + e.getMessage()
              + "): those running go on until their own deadline");
    }
    return new ReleaseStop(outcome, owner, told, warnings.list());
  }
}
