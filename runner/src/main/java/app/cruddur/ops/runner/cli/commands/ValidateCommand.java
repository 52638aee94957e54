package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.Release;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.StepState;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cruddur validate}: applied steps against their files (exit 3 on drift). */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {
      "Check every applied step against its file. Exit 3 names each changed or deleted one with both checksums.",
      "Checksums are of a canonical form: line endings, trailing blanks and YAML layout are not drift."
    })
public final class ValidateCommand extends TargetCommandBase {
  @Option(names = "--context", paramLabel = "NAME", description = "Context (default: dev on the local target).")
  String contextName;

  @Override
  protected ExitCode execute() {
    try (Release release = release(contextName, Duration.ZERO, ReleaseListener.NONE)) {
      ReleaseStatus status = release.validate();
      long applied = status.steps().stream().filter(s -> s.state() != StepState.PENDING && s.appliedChecksum().isPresent()).count();
      if (out().json()) {
        out().printJson(Map.of("valid", true, "appliedStepsChecked", applied, "target", status.target()));
      } else {
        out().line("Valid: " + applied + " applied steps match their files on " + status.target() + ".");
      }
      return ExitCode.OK;
    }
  }
}
