package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.ReleasePlan;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.plan.Assessment;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import app.cruddur.ops.runner.internal.stores.StoreIdentities;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code release --plan} (and {@code --dry-run}: with the SQL of pending Liquibase steps): what a
 * release would do, in order.
 */
public record Plan(ReleaseSession release, boolean withSql) implements Operation<ReleasePlan> {
  @Override
  public ReleasePlan run() {
    release.checkTarget();
    return release.read(
        "cruddur plan",
        ledger -> {
          boolean held = ledger.lockHolder().isPresent();
          List<Assessment> assessed =
              release.withPendingDetail(
                  release.assess(ledger, held, new StoreIdentities(release.session())));
          Map<String, String> sql = new LinkedHashMap<>();
          if (withSql) {
            for (Assessment a : assessed) {
              if (a.willRun()) {
                a.step()
                    .orElseThrow()
                    .action()
                    .preview(release.scope(a))
                    .ifPresent(text -> sql.put(a.status().version(), text));
              }
            }
          }
          return new ReleasePlan(
              release.target(),
              release.context(),
              assessed.stream().map(Assessment::status).toList(),
              sql,
              List.of());
        });
  }
}
