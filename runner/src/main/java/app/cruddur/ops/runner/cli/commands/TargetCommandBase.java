package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.model.ReleaseVehicle.Verb;
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
import app.cruddur.ops.runner.api.VehicleRun;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.TargetOptions;
import app.cruddur.ops.runner.cli.ViaOption;
import app.cruddur.ops.runner.cli.ViaVehicle;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** A command that acts on a target: the target options, and the facades configured from them. */
public abstract class TargetCommandBase extends CommandBase {
  @Mixin protected TargetOptions targetOptions;

  private ResolvedTarget target;
  private Optional<String> vehicleTarget = Optional.empty();

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
    if (vehicleTarget.isPresent()) {
      return vehicleTarget; // the target the vehicle acted on, as it describes it
    }
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
    return DynamoTables.connect(target(), invocation().env(), out()::progress);
  }

  /** The target's conversations (the access patterns). */
  protected Conversations conversations() {
    return Conversations.connect(target(), invocation().env(), List.of(), out()::progress);
  }

  /**
   * Runs a verb here ({@code here}), or with {@code --via} in the deployed stage's release vehicle:
   * the one place that decides where a verb runs. The vehicle releases to its own stage, in its own
   * context, queueing for its own lock wait, so an option that does not travel with the verb
   * ({@link ViaVehicle}) is exit 2 before anything is invoked, not silently dropped. The vehicle's
   * progress is told to {@code listener} and its result or failure comes back typed, to be shown as
   * a run from here shows it.
   */
  protected OperationResult route(
      ViaOption via,
      VerbRequest request,
      ReleaseListener listener,
      Supplier<OperationResult> here) {
    if (!via.present()) {
      return here.get();
    }
    return inVehicle(via, vehicle -> outcome(vehicle.run(request, listener)));
  }

  /**
   * Runs {@code work} with the stage's release vehicle ({@code --via}), after refusing (exit 2,
   * nothing invoked) every option given that does not travel with the verb ({@link ViaVehicle}).
   */
  protected OperationResult inVehicle(ViaOption via, Function<Vehicle, OperationResult> work) {
    List<String> refused = optionsThatStayHere();
    if (!refused.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.CONFLICTING_OPTIONS,
          String.join(", ", refused)
              + " cannot go with --via: the vehicle releases to its own stage's resources, in its"
              + " stage's context and with its own lock wait (its function's environment)",
          "Drop " + String.join(", ", refused) + ", or drop --via to run it from here");
    }
    try (Vehicle vehicle = Vehicle.of(target(), via.function(), invocation().env())) {
      return work.apply(vehicle);
    }
  }

  /**
   * What the vehicle gave, as a run from here gives it (the target as the vehicle describes it).
   */
  protected OperationResult outcome(VehicleRun run) {
    vehicleTarget = Optional.of(run.target());
    return run.outcome();
  }

  /**
   * The options given that find the vehicle ({@code --via}, {@code --aws}, {@code --stack}, …) as
   * they were written, for a command to suggest next (none of them holds a secret).
   */
  protected String vehicleOptions() {
    ParseResult given = spec.commandLine().getParseResult();
    StringBuilder line = new StringBuilder();
    for (OptionSpec option : spec.options()) {
      if (given.hasMatchedOption(option)
          && option.userObject() instanceof Field field
          && field.isAnnotationPresent(ViaVehicle.class)
          && field.getDeclaringClass() != getClass()) {
        line.append(' ').append(option.longestName());
        String value =
            given.matchedOption(option.longestName()).stringValues().stream()
                .findFirst()
                .orElse("");
        if (option.arity().max() > 0 && !value.isBlank()) {
          line.append(' ').append(value);
        }
      }
    }
    return line.toString();
  }

  /** A verb that only reads the release ({@code status}, {@code validate}), here or there. */
  protected OperationResult readRelease(ViaOption via, ContextOption context, Verb verb) {
    VerbRequest request = VerbRequest.of(verb, out().json());
    return route(
        via,
        request,
        renderer().notices(),
        () -> {
          try (Release release = release(context.name(), Duration.ZERO, ReleaseListener.NONE)) {
            return release.run(request);
          }
        });
  }

  /**
   * The options given to this command that do not travel to the vehicle, in the command's order.
   */
  private List<String> optionsThatStayHere() {
    ParseResult given = spec.commandLine().getParseResult();
    List<String> stay = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      // the global options (--output, --debug, ...) are this process's own: never refused
      if (given.hasMatchedOption(option)
          && !option.inherited()
          && !(option.userObject() instanceof Field field
              && field.isAnnotationPresent(ViaVehicle.class))) {
        stay.add(option.longestName());
      }
    }
    return stay;
  }

  /**
   * A release configured from the options, for commands that set more than {@link #release} does.
   */
  protected Release.Builder configure(Duration lockWait, ReleaseListener listener) {
    return Release.configure()
        .projectDirectory(projectDir())
        .target(target())
        .command(operation())
        .lockWait(lockWait)
        .listener(listener)
        .environment(invocation().env());
  }
}
