package app.cruddur.ops.runner.internal.operations.local;

import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.api.LocalUp;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.operations.Operation;
import java.util.List;

/**
 * {@code cruddur local up}: starts PostgreSQL and moto (harmless when already up); returns when
 * both answer.
 */
public record Up(LocalEngines engines, LocalPorts ports, ReleaseListener listener)
    implements Operation<LocalUp> {
  @Override
  public LocalUp run() {
    boolean wasUp = engines.status().up();
    if (!wasUp) {
      listener.notice("Starting the local environment in " + engines.dir() + " …");
    }
    return new LocalUp(engines.up(ports), wasUp, List.of());
  }
}
