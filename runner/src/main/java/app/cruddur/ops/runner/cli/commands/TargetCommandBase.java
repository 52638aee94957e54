package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.CognitoUsers;
import app.cruddur.ops.runner.Conversations;
import app.cruddur.ops.runner.DynamoTables;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.cli.TargetOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/** A command that acts on a target: the target options, and the facades configured from them. */
public abstract class TargetCommandBase extends CommandBase {
  @Mixin protected TargetOptions targetOptions;

  private Target target;

  /** The target the options name (local by default). */
  protected Target target() {
    if (target == null) {
      target = targetOptions.resolve(localDir());
    }
    return target;
  }

  @Override
  public Optional<String> describedTarget() {
    try {
      return Optional.of(target().describe());
    } catch (CruddurException optionsThatDoNotSayWhere) {
      return Optional.empty();
    }
  }

  /** Resource names for the target: the model's, with the options' overrides. */
  protected ResourceNames resourceNames() {
    return targetOptions.names();
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
    return DynamoTables.connect(target(), resourceNames(), context().env());
  }

  /** The target's conversations (the access patterns). */
  protected Conversations conversations() {
    return Conversations.connect(target(), resourceNames(), context().env(), List.of());
  }

  /** A release configured from the options, for commands that set more than {@link #release} does. */
  protected Release.Builder configure(Duration lockWait, ReleaseListener listener) {
    return Release.configure()
        .projectDirectory(projectDir())
        .target(target())
        .lockWait(lockWait)
        .listener(listener)
        .resourceNames(resourceNames())
        .environment(context().env());
  }
}
