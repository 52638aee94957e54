package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.CognitoUsers;
import app.cruddur.ops.runner.Conversations;
import app.cruddur.ops.runner.DynamoTables;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.Targets;
import app.cruddur.ops.runner.Vehicle;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.VehicleRequest;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.TargetOptions;
import app.cruddur.ops.runner.cli.ViaOption;
import app.cruddur.ops.runner.cli.WaitOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/** A command that acts on a target: the target options, and the facades configured from them. */
public abstract class TargetCommandBase extends CommandBase {
  @Mixin protected TargetOptions targetOptions;

  private ResolvedTarget target;

  /** The target the options name (local by default), resolved once. */
  protected ResolvedTarget target() {
    if (target == null) {
      target =
          Targets.resolve(
              targetOptions.resolve(localDir()), targetOptions.names(), invocation().env());
    }
    return target;
  }

  @Override
  public Optional<String> describedTarget() {
    try {
      // the target as it is written to (local engines with another server's database are not
      // "local"), failures included: described without starting or reading anything
      return Optional.of(target().describe());
    } catch (CruddurException optionsThatDoNotSayWhere) {
      return Optional.empty();
    }
  }

  /** A release of the target, configured from the options. */
  protected Release release(String context, Duration lockWait, ReleaseListener listener) {
    return configure(lockWait, listener).context(context).load();
  }

  /** The Cognito users of the target, configured from the options. */
  protected CognitoUsers cognitoUsers(Duration lockWait, ReleaseListener listener) {
    return configure(lockWait, listener).loadCognitoUsers();
  }

  /** The target's DynamoDB tables. */
  protected DynamoTables tables() {
    return DynamoTables.connect(target(), invocation().env());
  }

  /** The target's conversations (the access patterns). */
  protected Conversations conversations() {
    return Conversations.connect(target(), invocation().env(), List.of());
  }

  /**
   * Runs {@code request} in the deployed stage's release vehicle ({@code --via}). The vehicle
   * releases to its own stage, in its own context, queueing for its own lock wait: an option that
   * would point it elsewhere is exit 2, not silently dropped.
   *
   * @param context the command's --context (refused when given)
   * @param wait the command's --wait, if it has one (refused when given)
   * @param otherFlags the command's other options that a vehicle run cannot take, that were given
   */
  protected OperationResult viaVehicle(
      ViaOption via,
      VehicleRequest request,
      ContextOption context,
      WaitOption wait,
      List<String> otherFlags) {
    List<String> refused = new java.util.ArrayList<>(targetOptions.resourceFlags());
    if (context.name() != null) {
      refused.add("--context");
    }
    if (wait != null && !wait.duration().isZero()) {
      refused.add("--wait");
    }
    refused.addAll(otherFlags);
    if (!refused.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.CONFLICTING_OPTIONS,
          String.join(", ", refused)
              + " cannot go with --via: the vehicle releases to its own stage's resources, in its"
              + " stage's context and with its own lock wait (its function's environment)",
          "Drop " + String.join(", ", refused) + ", or drop --via to run it from here");
    }
    try (Vehicle vehicle = Vehicle.of(target(), via.function(), invocation().env())) {
      return vehicle.run(request, renderer().notices());
    }
  }

  /**
   * A release configured from the options, for commands that set more than {@link #release} does.
   */
  protected Release.Builder configure(Duration lockWait, ReleaseListener listener) {
    return Release.configure()
        .projectDirectory(projectDir())
        .target(target())
        .lockWait(lockWait)
        .listener(listener)
        .environment(invocation().env());
  }
}
