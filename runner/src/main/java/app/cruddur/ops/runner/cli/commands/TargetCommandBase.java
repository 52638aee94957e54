package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.CognitoUsers;
import app.cruddur.ops.runner.api.Release;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.cli.TargetOptions;
import java.time.Duration;
import picocli.CommandLine.Mixin;

/** A command that acts on a target. */
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

  /** Resource names for the target: the model's, or those of the deployment. */
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

  private Release.Builder configure(Duration lockWait, ReleaseListener listener) {
    return Release.configure()
        .projectDirectory(projectDir())
        .target(target())
        .lockWait(lockWait)
        .listener(listener)
        .resourceNames(resourceNames())
        .environment(context().env());
  }
}
