package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.WaitOption;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cruddur baseline}: adopt a deployment made without the runner. */
@Command(
    name = "baseline",
    mixinStandardHelpOptions = true,
    description = {
      "Adopt a deployment made without the runner (the course's scripts): judge every step and"
          + " changeset",
      "against the live stores (present, absent or different), record what is there in the"
          + " ledger and in",
      "DATABASECHANGELOG, and write reconciling changesets into migrations/ for the differences"
          + " that would",
      "break. Then `cruddur release` applies the rest. Off the local target: --confirm DATABASE."
    })
public final class BaselineCommand extends TargetCommandBase {
  @Mixin ContextOption context;

  @Mixin WaitOption wait;

  @Option(names = "--plan", description = "Show what it finds and would record; write nothing.")
  boolean plan;

  @Option(
      names = "--confirm",
      paramLabel = "DATABASE",
      description = "Required on a non-local target: the database's name, to confirm the baseline.")
  String confirm;

  @Override
  protected OperationResult execute() {
    try (Release release = release(context.name(), wait.duration(), renderer().notices())) {
      return release.baseline(plan, Optional.ofNullable(confirm));
    }
  }
}
