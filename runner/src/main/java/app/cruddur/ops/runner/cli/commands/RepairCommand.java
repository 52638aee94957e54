package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.Release;
import app.cruddur.ops.runner.api.ReleaseListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cruddur repair --accept V002}: record a deliberate change of an applied step. */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {
      "Accept deliberately that an applied step changed (or was deleted): record its current checksum in the",
      "ledger so that validation passes again. Nothing is re-applied."
    })
public final class RepairCommand extends TargetCommandBase {
  @Option(names = "--accept", paramLabel = "VERSION", required = true, split = ",",
      description = "Step(s) to accept, e.g. --accept V002 (see `cruddur status`).")
  List<String> accept;

  @Option(names = "--context", paramLabel = "NAME", description = "Context (default: dev on the local target).")
  String contextName;

  @Override
  protected ExitCode execute() {
    List<String> done = new ArrayList<>();
    try (Release release = release(contextName, Duration.ZERO, ReleaseListener.NONE)) {
      for (String version : accept) {
        done.add(release.repair(version.strip()));
      }
    }
    if (out().json()) {
      out().printJson(Map.of("repaired", done));
    } else {
      done.forEach(out()::line);
    }
    return ExitCode.OK;
  }
}
