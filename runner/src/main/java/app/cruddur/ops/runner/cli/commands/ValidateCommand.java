package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.ViaOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cruddur validate}: applied steps against their files (exit 3 on drift). */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check every applied step against its file. Exit 3 names each changed or deleted one with"
          + " both checksums.",
      "Checksums are of a canonical form: line endings, trailing blanks and YAML layout are not"
          + " drift."
    })
public final class ValidateCommand extends TargetCommandBase {
  @Mixin ContextOption context;

  @Mixin ViaOption via;

  @Override
  protected OperationResult execute() {
    return readRelease(via, context, Verb.VALIDATE);
  }
}
