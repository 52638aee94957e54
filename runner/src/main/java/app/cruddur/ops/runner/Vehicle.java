package app.cruddur.ops.runner;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.VehicleRun;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.internal.operations.vehicle.InvokeVehicle;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.Map;
import java.util.Optional;

/**
 * A deployed stage's release vehicle (the runner as a Lambda function in the stage's VPC, next to
 * PostgreSQL), run from anywhere that may invoke it: a laptop, any CI. It releases to its own stage
 * in its own context (its target is its environment), so the caller names only the function, or the
 * deployment whose {@code ReleaseFunctionName} output names it. Usable without the CLI:
 *
 * <pre>{@code
 * ResolvedTarget prod = Targets.resolve(Target.aws(Optional.empty(), Optional.of("eu-west-1")),
 *     ResourceNames.defaults(), System.getenv());
 * try (Vehicle vehicle = Vehicle.of(prod, Optional.of("cruddur-prod-release"), System.getenv())) {
 *   ReleaseResult result = (ReleaseResult) vehicle
 *       .run(VerbRequest.of(Verb.RELEASE, false), ReleaseListener.NONE)
 *       .outcome();
 * }
 * }</pre>
 */
public final class Vehicle implements AutoCloseable {
  private final Connections session;
  private final Optional<String> function;

  private Vehicle(Connections session, Optional<String> function) {
    this.session = session;
    this.function = function;
  }

  /**
   * The vehicle {@code function} of {@code target}, or, when empty, the one the target's deployment
   * ({@code --outputs}, {@code --stack}) names.
   *
   * @throws CruddurException exit 2 for the local target, which has no vehicle
   */
  public static Vehicle of(
      ResolvedTarget target, Optional<String> function, Map<String, String> environment) {
    if (target.localEngines()) {
      throw CruddurException.of(
          ErrorCode.CONFLICTING_OPTIONS,
          "--via runs a deployed stage's release vehicle, and the local" + " environment has none",
          "Add --aws (or --profile NAME) to release a deployed stage, or drop --via to release"
              + " locally");
    }
    return new Vehicle(new Connections(target, environment), function);
  }

  /**
   * Runs {@code request} in the vehicle, once, and waits for it (up to the function's timeout); the
   * progress it answers is told to {@code listener} as a local run tells it, and its result or
   * failure comes back typed ({@link VehicleRun#outcome()}).
   *
   * @throws CruddurException exit 2 when no function is named, exit 4 when there is no such
   *     function or it may not be invoked, exit 1 when the function itself failed (a timeout)
   */
  public VehicleRun run(VerbRequest request, ReleaseListener listener) {
    return new InvokeVehicle(session, function, request, listener).run();
  }

  @Override
  public void close() {
    session.close();
  }
}
