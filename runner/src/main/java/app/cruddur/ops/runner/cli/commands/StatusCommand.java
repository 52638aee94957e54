package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.cli.ContextOption;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cruddur status}: every step and where it stands, from the ledger and the stores. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show every step of the release on the target: applied (when, by whom, how long, checksum), pending, failed, interrupted, changed.")
public final class StatusCommand extends TargetCommandBase {
  @Mixin ContextOption context;

  @Override
  protected OperationResult execute() {
    try (Release release = release(context.name(), Duration.ZERO, ReleaseListener.NONE)) {
      return release.status();
    }
  }
}
