package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.ViaOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cruddur status}: every step and where it stands, from the ledger and the stores. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show every step of the release on the target: applied (when, by whom, how long, checksum),"
            + " pending, failed, interrupted, changed.")
public final class StatusCommand extends TargetCommandBase {
  @Mixin ContextOption context;

  @Mixin ViaOption via;

  @Override
  protected OperationResult execute() {
    return readRelease(via, context, Verb.STATUS);
  }
}
