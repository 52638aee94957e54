package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.ReleaseInProgress;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.StopRequest;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.dynamo.migration.DistributedRuns;
import app.cruddur.ops.runner.internal.ledger.ReleaseLease;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.plan.Assessment;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code cruddur status}: every step and where it stands, from the ledger and the stores, without
 * the lock; the release whose slices are under way, from its lease; and the distributed runs of
 * pending DynamoDB migrations, from their control table.
 */
public record Status(ReleaseSession release) implements Operation<ReleaseStatus> {
  @Override
  public ReleaseStatus run() {
    release.checkTarget();
    return release.read(
        "cruddur status",
        ledger -> {
          Optional<String> holder = ledger.lockHolder();
          Optional<ReleaseInProgress> inProgress =
              ReleaseLease.read(ledger.connection()).map(Status::inProgress);
          boolean elsewhere =
              holder.isPresent() || inProgress.filter(ReleaseInProgress::live).isPresent();
          List<Assessment> assessed =
              release.withPendingDetail(
                  release.assess(ledger, elsewhere, new StoreIdentities(release.session())));
          List<StepDefinition> pending =
              assessed.stream()
                  .filter(a -> a.status().state().willRun())
                  .flatMap(a -> a.step().stream())
                  .filter(s -> s.store() == Store.DYNAMODB)
                  .toList();
          return new ReleaseStatus(
              release.target(),
              release.context(),
              assessed.stream().map(Assessment::status).toList(),
              holder,
              inProgress,
              pending.isEmpty()
                  ? List.of()
                  : DistributedRuns.of(
                      release.session().dynamo(),
                      release.session().names().tableName(),
                      pending,
                      Instant.now()),
              List.of());
        });
  }

  private static ReleaseInProgress inProgress(ReleaseLease.State lease) {
    return new ReleaseInProgress(
        lease.owner(),
        lease.takenAt(),
        lease.slices(),
        lease.step(),
        lease.progress(),
        lease.estimateSeconds(),
        lease.expiresAt(),
        lease.live(),
        lease.stop().map(s -> new StopRequest(s.by(), s.at())));
  }
}
