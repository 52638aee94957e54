package app.cruddur.ops.runner.internal.targets;

import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.internal.local.LocalLayout;
import app.cruddur.ops.runner.internal.local.LocalState;
import java.util.Map;
import java.util.OptionalInt;

/** Resolves a target once ({@link ResolvedTarget#of}), reading what that needs without starting. */
public final class Resolution {
  private Resolution() {}

  /**
   * {@code target} resolved with the names given and {@code env}, the local environment's
   * PostgreSQL port read from its state file (never started: a target is decided, and described,
   * before anything runs).
   */
  public static ResolvedTarget resolve(
      Target target, ResourceNames names, Map<String, String> env) {
    OptionalInt port =
        target
            .localDir()
            .flatMap(dir -> LocalState.read(new LocalLayout(dir).stateFile()))
            .map(state -> OptionalInt.of(state.postgresPort()))
            .orElse(OptionalInt.empty());
    return ResolvedTarget.of(target, names, env, port);
  }
}
