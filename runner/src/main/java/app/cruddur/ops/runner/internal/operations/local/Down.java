package app.cruddur.ops.runner.internal.operations.local;

import app.cruddur.ops.runner.api.LocalStopped;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.operations.Operation;
import java.util.List;

/**
 * {@code cruddur local down}: stops what {@code up} started, by pid; PostgreSQL's data is kept,
 * moto's is gone.
 */
public record Down(LocalEngines engines) implements Operation<LocalStopped> {
  @Override
  public LocalStopped run() {
    return new LocalStopped(engines.dir(), engines.down(), List.of());
  }
}
