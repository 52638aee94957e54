package app.cruddur.ops.runner;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseExecution;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleaseStop;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.VehicleRun;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.api.Warning;
import app.cruddur.ops.runner.internal.operations.vehicle.FollowWorkflow;
import app.cruddur.ops.runner.internal.operations.vehicle.InvokeVehicle;
import app.cruddur.ops.runner.internal.operations.vehicle.StartWorkflow;
import app.cruddur.ops.runner.internal.operations.vehicle.StopWorkflow;
import app.cruddur.ops.runner.internal.operations.vehicle.WorkflowCalls;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

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
  /** The longest pause between two looks at a workflow's execution. */
  private static final Duration FOLLOW_PAUSE = Duration.ofSeconds(10);

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
    Optional<String> named =
        function.filter(f -> !isStateMachine(f)).or(() -> function.map(f -> vehicleName()));
    return new InvokeVehicle(session, named, request, listener).run();
  }

  /**
   * The stage's release workflow: {@code --via} naming a state machine ({@code
   * arn:aws:states:…:stateMachine:…}), else the deployment's {@code ReleaseWorkflowArn} output;
   * empty when neither does (a function named alone, or a deployment from before the workflow).
   */
  public Optional<String> workflow() {
    if (function.filter(Vehicle::isStateMachine).isPresent()) {
      return function;
    }
    return session.deployment().flatMap(d -> d.get(DeploymentOutputs.RELEASE_WORKFLOW_ARN));
  }

  /** True when a deployment is named ({@code --outputs}, {@code --stack}). */
  public boolean deploymentNamed() {
    return session.deployment().isPresent();
  }

  /**
   * Releases through the stage's release workflow: starts an execution and follows it to its end,
   * each slice's progress told to {@code listener} as a local release tells it; the slices' results
   * come back as the one release they are, or its failure (see {@link FollowWorkflow}).
   *
   * @param started told the execution's ARN as soon as it started
   * @throws CruddurException exit 5 when an execution is running already
   */
  public VehicleRun release(ReleaseListener listener, Consumer<String> started) {
    return new FollowWorkflow(calls(), vehicleName(), listener, started, FOLLOW_PAUSE).run();
  }

  /** Starts the stage's release workflow and leaves it running ({@code --detach}). */
  public ReleaseExecution detach(List<String> next) {
    return new StartWorkflow(calls(), next).run();
  }

  /**
   * Stops the running execution of the stage's release workflow, if any ({@code --stop}): no
   * further slice starts, and the vehicle is asked ({@link Verb#STOP}) to tell the slice in flight,
   * which stops at its next boundary and ends the lease (or, with none in flight, to end the
   * lease). The execution is stopped first, so that no slice starts after the vehicle was asked.
   */
  public ReleaseExecution stop(List<String> next) {
    ReleaseExecution stopped = new StopWorkflow(calls(), next).run();
    if (stopped.action() != ReleaseExecution.Action.STOPPED) {
      return stopped;
    }
    Optional<String> vehicle =
        function
            .filter(f -> !isStateMachine(f))
            .or(
                () ->
                    session
                        .deployment()
                        .flatMap(d -> d.get(DeploymentOutputs.RELEASE_FUNCTION_NAME)));
    if (vehicle.isEmpty()) {
      return stopped.withWarning(
          new Warning(
              "STOP_NOT_TOLD",
              "the vehicle is not named (no deployment with a "
                  + DeploymentOutputs.RELEASE_FUNCTION_NAME
                  + " output): a slice in flight runs to its own deadline"));
    }
    try {
      OperationResult told =
          new InvokeVehicle(
                  session, vehicle, VerbRequest.of(Verb.STOP, false), ReleaseListener.NONE)
              .run()
              .outcome();
      return stopped.withSlice((ReleaseStop) told);
    } catch (CruddurException e) {
      return stopped.withWarning(
          new Warning(
              "STOP_NOT_TOLD",
              "the vehicle could not be asked to stop the slice in flight ("
                  + e.getMessage()
                  + "): it runs to its own deadline, and its lease lapses after it"));
    }
  }

  private WorkflowCalls calls() {
    return new WorkflowCalls(
        session,
        workflow()
            .orElseThrow(
                () ->
                    CruddurException.of(
                        ErrorCode.NAME_REQUIRED,
                        "the release workflow is not named (no deployment with a "
                            + DeploymentOutputs.RELEASE_WORKFLOW_ARN
                            + " output)",
                        "Name the deployment: --stack cruddur-<stage> or --outputs"
                            + " cdk-outputs.json, or pass --via with the state machine's ARN")));
  }

  /**
   * The vehicle the workflow invokes, for messages: named, or the deployment's, or the workflow's.
   */
  private String vehicleName() {
    return function
        .filter(f -> !isStateMachine(f))
        .or(() -> session.deployment().flatMap(d -> d.get(DeploymentOutputs.RELEASE_FUNCTION_NAME)))
        .orElseGet(() -> workflow().map(w -> w.substring(w.lastIndexOf(':') + 1)).orElse("?"));
  }

  private static boolean isStateMachine(String via) {
    return via.startsWith("arn:") && via.contains(":stateMachine:");
  }

  @Override
  public void close() {
    session.close();
  }
}
