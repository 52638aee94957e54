package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.DurationConverter;
import app.cruddur.ops.runner.cli.ViaOption;
import app.cruddur.ops.runner.cli.ViaVehicle;
import app.cruddur.ops.runner.cli.WaitOption;
import java.time.Duration;
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
  // before the command's own options: --context and --wait are refused with --via first
  @Mixin ContextOption context;

  @Mixin WaitOption wait;

  @ViaVehicle
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

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "Run each dynamodb-migration step as N local worker processes sharing its checkpoints and"
              + " write budget in DynamoDB (default: as its step file says, else in this process).")
  int workers;

  @Option(
      names = "--time-box",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Stop at the first boundary after DURATION (e.g. 40m: between steps, after a page of a"
              + " migration) and exit 6 (more) with where it stopped; a rerun continues from"
              + " there.")
  Duration timeBox;

  @Mixin ViaOption via;

  /**
   * Planning and applying are distinct operations: {@code release --plan} (and {@code release
   * --dry-run}) apply nothing, and their envelope says so.
   */
  @Override
  public String operation() {
    return planOnly ? "release --plan" : dryRun ? "release --dry-run" : super.operation();
  }

  @Override
  protected OperationResult execute() {
    VerbRequest request = VerbRequest.of(planOnly ? Verb.PLAN : Verb.RELEASE, out().json());
    return route(
        via,
        request,
        renderer().releaseProgress(),
        () -> {
          Release.Builder builder =
              configure(wait.duration(), renderer().releaseProgress())
                  .context(context.name())
                  .outOfOrder(outOfOrder)
                  .workers(workers);
          if (timeBox != null) {
            builder.timeBox(timeBox);
          }
          try (Release release = builder.load()) {
            return dryRun ? release.planWithSql() : release.run(request);
          }
        });
  }
}
