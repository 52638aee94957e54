package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.RepairResult;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.internal.ledger.Ledger;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.plan.Assessment;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code cruddur repair --accept V002}: accepts a changed or deleted step deliberately, recording
 * its current checksum (or its deletion) in the ledger so that validation passes again. Nothing is
 * re-applied.
 */
public record Repair(ReleaseSession release, List<String> versions)
    implements Operation<RepairResult> {
  public Repair {
    versions = List.copyOf(versions);
  }

  @Override
  public RepairResult run() {
    release.catalog();
    List<RepairResult.Repair> done = new ArrayList<>();
    for (String version : versions) {
      done.add(release.underLock("cruddur repair", ledger -> repair(ledger, version.strip())));
    }
    return new RepairResult(done, List.of());
  }

  private RepairResult.Repair repair(Ledger ledger, String key) throws SQLException {
    List<Assessment> assessed =
        release.assess(ledger, false, new StoreIdentities(release.session()));
    Assessment target =
        assessed.stream()
            .filter(a -> a.status().version().equals(key))
            .findFirst()
            .orElseThrow(
                () ->
                    CruddurException.of(
                        ErrorCode.UNKNOWN_STEP,
                        "there is no step " + key,
                        "See the steps with `cruddur status`"));
    StepState state = target.status().state();
    if (!state.drift()) {
      return new RepairResult.Repair(
          key, false, "nothing to repair: " + key + " is " + state.label());
    }
    Instant now = Instant.now();
    if (target.step().isEmpty()) {
      LedgerEntry last = target.latest().orElseThrow();
      ledger.record(
          new Ledger.NewRow(
              UUID.randomUUID(),
              key,
              last.description(),
              last.kind(),
              last.store(),
              last.file(),
              last.checksum(),
              release.context(),
              release.actor()),
          LedgerEntry.Outcome.FORGOTTEN,
          now,
          NullNode.getInstance(),
          last.storeIdentity().orElse(null));
      return new RepairResult.Repair(
          key,
          true,
          "recorded that "
              + last.file()
              + " was deleted deliberately; "
              + key
              + " is no longer checked");
    }
    StepDefinition step = target.step().get();
    JsonNode details =
        step.action()
            .repairDetails(release.scope(target))
            .<JsonNode>map(Json.mapper()::valueToTree)
            .orElse(NullNode.getInstance());
    ledger.record(
        release.row(UUID.randomUUID(), step),
        LedgerEntry.Outcome.REPAIRED,
        now,
        details,
        target.lastApplied().flatMap(LedgerEntry::storeIdentity).orElse(null));
    return new RepairResult.Repair(
        key,
        true,
        "accepted the current "
            + step.file()
            + " ("
            + app.cruddur.ops.runner.api.StepStatus.shortChecksum(step.checksum())
            + ") for "
            + key);
  }
}
