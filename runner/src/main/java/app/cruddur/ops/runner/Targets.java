package app.cruddur.ops.runner;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.internal.targets.Resolution;
import java.util.Map;

/**
 * Decides where a command acts, once: the target as written and the names given, resolved into the
 * one {@link ResolvedTarget} every facade takes. Starts nothing and connects nowhere, so a caller
 * may describe the target before, during and after any failure.
 *
 * <pre>{@code
 * ResolvedTarget target =
 *     Targets.resolve(Target.local(Path.of(".cruddur/local")), ResourceNames.defaults(), env);
 * try (Release release = Release.configure().target(target).environment(env).load()) { ... }
 * }</pre>
 */
public final class Targets {
  private Targets() {}

  /**
   * {@code target} with {@code names}, its database named by it or by {@code environment}'s {@code
   * CRUDDUR_DATABASE_URL}.
   *
   * @throws CruddurException exit 2 for a database URL that does not parse
   */
  public static ResolvedTarget resolve(
      Target target, ResourceNames names, Map<String, String> environment) {
    return Resolution.resolve(target, names, environment);
  }
}
