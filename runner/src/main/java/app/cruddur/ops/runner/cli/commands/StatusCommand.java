package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.Release;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.cli.ReleaseReport;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cruddur status}: every step and where it stands, from the ledger and the stores. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show every step of the release on the target: applied (when, by whom, how long, checksum), pending, failed, interrupted, changed.")
public final class StatusCommand extends TargetCommandBase {
  @Option(names = "--context", paramLabel = "NAME", description = "Context (default: dev on the local target).")
  String contextName;

  @Override
  protected ExitCode execute() {
    try (Release release = release(contextName, Duration.ZERO, ReleaseListener.NONE)) {
      ReleaseReport.printStatus(out(), release.status());
      return ExitCode.OK;
    }
  }
}
