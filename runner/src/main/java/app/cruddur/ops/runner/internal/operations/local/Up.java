package app.cruddur.ops.runner.internal.operations.local;

import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.api.LocalUp;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.operations.Operation;
import java.util.List;

/**
 * {@code cruddur local up}: starts PostgreSQL and moto (harmless when already up); returns when
 * both answer. The engines say that they start, on which ports, and what moto's data came back
 * with.
 */
public record Up(LocalEngines engines, LocalPorts ports) implements Operation<LocalUp> {
  @Override
  public LocalUp run() {
    boolean wasUp = engines.status().up();
    return new LocalUp(engines.up(ports), wasUp, List.of());
  }
}
