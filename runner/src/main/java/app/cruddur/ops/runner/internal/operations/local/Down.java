package app.cruddur.ops.runner.internal.operations.local;

import app.cruddur.ops.runner.api.LocalStopped;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.operations.Operation;
import java.util.List;

/** {@code cruddur local down}: stops what {@code up} started, by pid; PostgreSQL's data is kept, moto's is gone. */
public final class Down implements Operation<LocalStopped> {
  private final LocalEngines engines;

  public Down(LocalEngines engines) {
    this.engines = engines;
  }

  @Override
  public LocalStopped run() {
    return new LocalStopped(engines.dir(), engines.down(), List.of());
  }
}
