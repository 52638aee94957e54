package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.Release;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.cli.DurationConverter;
import app.cruddur.ops.runner.cli.ReleaseReport;
import java.time.Duration;
import picocli.CommandLine.Command;
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

  @Option(names = "--context", paramLabel = "NAME",
      description = "Context steps and changesets are filtered by (dev, test, prod). Default: dev on the local target; required elsewhere.")
  String contextName;

  @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Queue behind a release that holds the lock for up to DURATION (e.g. 10m) instead of exit 5.")
  Duration wait = Duration.ZERO;

  @Override
  protected ExitCode execute() {
    ReleaseListener listener = planOnly || dryRun || out().json() ? quietListener() : ReleaseReport.listener(out());
    try (Release release = release(contextName, wait, listener)) {
      if (planOnly || dryRun) {
        ReleaseReport.printPlan(out(), dryRun ? release.planWithSql() : release.plan());
        return ExitCode.OK;
      }
      if (!out().json()) {
        out().line("Release to " + release.configuration().target().describe() + " (context "
            + release.configuration().context() + ")");
      }
      ReleaseReport.printResult(out(), release.apply());
      return ExitCode.OK;
    }
  }

  private ReleaseListener quietListener() {
    return new ReleaseListener() {
      @Override
      public void notice(String message) {
        out().progress(message);
      }
    };
  }
}
