package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.plan.Assessment;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import java.util.List;
import java.util.Optional;

/**
 * {@code cruddur status}: every step and where it stands, from the ledger and the stores, without
 * the lock.
 */
public record Status(ReleaseSession release) implements Operation<ReleaseStatus> {
  @Override
  public ReleaseStatus run() {
    release.checkTarget();
    return release.read(
        "cruddur status",
        ledger -> {
          Optional<String> holder = ledger.lockHolder();
          List<Assessment> assessed =
              release.withPendingDetail(
                  release.assess(
                      ledger, holder.isPresent(), new StoreIdentities(release.session())));
          return new ReleaseStatus(
              release.target(),
              release.context(),
              assessed.stream().map(Assessment::status).toList(),
              holder,
              List.of());
        });
  }
}
