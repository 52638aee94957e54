package app.cruddur.ops.runner.internal.operations.local;

import app.cruddur.ops.runner.api.LocalStatus;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.operations.Operation;

/**
 * {@code cruddur local status}: which engines are up, with their endpoints; orphans of a dead
 * supervisor reported.
 */
public record Show(LocalEngines engines) implements Operation<LocalStatus> {
  @Override
  public LocalStatus run() {
    return engines.status();
  }
}
