package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.VehicleRequest;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.ViaOption;
import java.util.List;
import app.cruddur.ops.runner.cli.WaitOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cruddur release}: validate, plan and apply, in one ordered and recorded run. */
@Command(name = "release", mixinStandardHelpOptions = true,
    description = {
      "Apply every pending step of seeders/ (Liquibase changesets, DynamoDB tables and seeds, Cognito steps)",
      "in order, under the target's lock, recording each in the ledger. A rerun does nothing twice.",
      "Applied steps are validated first: a changed one stops the release (exit 3) before anything runs."
    })
public final class ReleaseCommand extends TargetCommandBase {
  @Option(names = "--plan", description = "Print the plan (what would run, in order, per store) and apply nothing.")
  boolean planOnly;

  @Option(names = "--dry-run", description = "Like --plan, with the SQL Liquibase would run.")
  boolean dryRun;

  @Mixin ContextOption context;

  @Mixin WaitOption wait;

  @Mixin ViaOption via;

  @Override
  protected OperationResult execute() {
    if (via.present()) {
      return viaVehicle(via, VehicleRequest.of(planOnly ? "plan" : "release", out().json()), context, wait,
          dryRun ? List.of("--dry-run") : List.of());
    }
    try (Release release = release(context.name(), wait.duration(), renderer().releaseProgress())) {
      if (dryRun) {
        return release.planWithSql();
      }
      return planOnly ? release.plan() : release.apply();
    }
  }
}
