package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.VehicleRequest;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.ViaOption;
import app.cruddur.ops.runner.cli.WaitOption;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cruddur release}: validate, plan and apply, in one ordered and recorded run. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = {
      "Apply every pending step of seeders/ (Liquibase changesets, DynamoDB tables and seeds,"
          + " Cognito steps)",
      "in order, under the target's lock, recording each in the ledger. A rerun does nothing"
          + " twice.",
      "Applied steps are validated first: a changed one stops the release (exit 3) before anything"
          + " runs."
    })
public final class ReleaseCommand extends TargetCommandBase {
  @Option(
      names = "--plan",
      description = "Print the plan (what would run, in order, per store) and apply nothing.")
  boolean planOnly;

  @Option(names = "--dry-run", description = "Like --plan, with the SQL Liquibase would run.")
  boolean dryRun;

  @Option(
      names = "--out-of-order",
      description =
          "Apply a new step even if its version is below one already applied (refused by default,"
              + " exit 3).")
  boolean outOfOrder;

  @Mixin ContextOption context;

  @Mixin WaitOption wait;

  @Mixin ViaOption via;

  @Override
  protected OperationResult execute() {
    if (via.present()) {
      return viaVehicle(
          via,
          VehicleRequest.of(planOnly ? "plan" : "release", out().json()),
          context,
          wait,
          Stream.of(dryRun ? "--dry-run" : null, outOfOrder ? "--out-of-order" : null)
              .filter(Objects::nonNull)
              .toList());
    }
    try (Release release =
        configure(wait.duration(), renderer().releaseProgress())
            .context(context.name())
            .outOfOrder(outOfOrder)
            .load()) {
      if (dryRun) {
        return release.planWithSql();
      }
      return planOnly ? release.plan() : release.apply();
    }
  }
}
