package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.Vehicle;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.DurationConverter;
import app.cruddur.ops.runner.cli.ViaOption;
import app.cruddur.ops.runner.cli.ViaVehicle;
import app.cruddur.ops.runner.cli.WaitOption;
import java.time.Duration;
import java.util.List;
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
              + " migration, a changeset or a seed's batch) and exit 6 (more) with where it"
              + " stopped; a rerun continues from there.")
  Duration timeBox;

  @ViaVehicle
  @Option(
      names = "--detach",
      description =
          "With --via: start the stage's release workflow, print its execution and how to follow"
              + " or stop it, and exit 0.")
  boolean detach;

  @ViaVehicle
  @Option(
      names = "--stop",
      description =
          "With --via: stop the stage's running release workflow at its next boundary. No further"
              + " slice starts; the one in flight stops after its step, page, changeset or batch,"
              + " paused where it stood, and ends its lease; a distributed migration's running"
              + " workers end after the page in hand.")
  boolean stop;

  @Mixin ViaOption via;

  /**
   * Planning and applying are distinct operations: {@code release --plan} (and {@code release
   * --dry-run}) apply nothing, and their envelope says so; so is stopping a release.
   */
  @Override
  public String operation() {
    return planOnly
        ? "release --plan"
        : dryRun ? "release --dry-run" : stop ? "release --stop" : super.operation();
  }

  @Override
  protected OperationResult execute() {
    VerbRequest request = VerbRequest.of(planOnly ? Verb.PLAN : Verb.RELEASE, out().json());
    if (detach && stop) {
      throw CruddurException.of(
          ErrorCode.CONFLICTING_OPTIONS,
          "--detach and --stop contradict each other: one starts the stage's release workflow,"
              + " the other stops it",
          "Pass one of them");
    }
    if ((detach || stop) && (!via.present() || planOnly)) {
      String flag = detach ? "--detach" : "--stop";
      throw CruddurException.of(
          ErrorCode.CONFLICTING_OPTIONS,
          flag
              + " goes with --via alone (not --plan): it "
              + (detach
                  ? "starts the stage's release workflow and leaves it running"
                  : "stops the stage's running release workflow"),
          "cruddur release --aws --stack cruddur-<stage> --via " + flag);
    }
    if (via.present() && !planOnly) {
      return inVehicle(via, this::releaseInVehicle);
    }
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

  /**
   * A release in the stage's release vehicle: through its release workflow when the deployment
   * names one (followed to its end, or {@code --detach}ed, or {@code --stop}ped); else one
   * invocation of the vehicle, which must finish within the function's 14 minutes.
   */
  private OperationResult releaseInVehicle(Vehicle vehicle) {
    String options = vehicleOptions();
    List<String> next =
        List.of(
            "Follow it: cruddur status" + options,
            "Stop it: cruddur release" + options + " --stop");
    if (vehicle.workflow().isEmpty() && !detach && !stop) {
      if (vehicle.deploymentNamed()) {
        // a stack from before the workflow: say what that means for a long release
        renderer()
            .releaseProgress()
            .notice(
                "The deployment names no release workflow (no ReleaseWorkflowArn output): one"
                    + " invocation of the vehicle, which must finish within its 14 minutes");
      }
      return outcome(
          vehicle.run(VerbRequest.of(Verb.RELEASE, out().json()), renderer().releaseProgress()));
    }
    if (stop) {
      return vehicle.stop(List.of("Release again to continue: cruddur release" + options));
    }
    if (detach) {
      return vehicle.detach(next);
    }
    return outcome(
        vehicle.release(
            renderer().releaseProgress(),
            execution ->
                root()
                    .onInterrupt(
                        "The release goes on in its workflow: "
                            + execution
                            + ". "
                            + String.join("; ", next))));
  }
}
