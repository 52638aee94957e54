package app.cruddur.ops.runner.internal.operations.local;

import app.cruddur.ops.runner.api.Confirmation;
import app.cruddur.ops.runner.api.LocalReset;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.operations.Operation;
import java.util.List;

/**
 * {@code cruddur local reset}: once confirmed, stops the local environment and deletes its data,
 * PostgreSQL's included.
 */
public record Reset(LocalEngines engines, Confirmation confirmation)
    implements Operation<LocalReset> {
  @Override
  public LocalReset run() {
    if (!confirmation.confirm("Delete all local data in " + engines.dir() + "?")) {
      return new LocalReset(engines.dir(), false, List.of());
    }
    engines.reset();
    return new LocalReset(engines.dir(), true, List.of());
  }
}
