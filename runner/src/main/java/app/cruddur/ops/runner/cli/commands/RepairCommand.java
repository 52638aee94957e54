package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.cli.ContextOption;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cruddur repair --accept V002}: record a deliberate change of an applied step. */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Accept deliberately that an applied step changed (or was deleted): record its current"
          + " checksum in the",
      "ledger so that validation passes again. Nothing is re-applied."
    })
public final class RepairCommand extends TargetCommandBase {
  @Option(
      names = "--accept",
      paramLabel = "VERSION",
      required = true,
      split = ",",
      description = "Step(s) to accept, e.g. --accept V002 (see `cruddur status`).")
  List<String> accept;

  @Mixin ContextOption context;

  @Override
  protected OperationResult execute() {
    try (Release release = release(context.name(), Duration.ZERO, ReleaseListener.NONE)) {
      return release.repair(accept);
    }
  }
}
