package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.ViaOption;
import java.time.Duration;
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
    VerbRequest request = VerbRequest.of(Verb.VALIDATE, out().json());
    return route(
        via,
        request,
        renderer().notices(),
        () -> {
          try (Release release = release(context.name(), Duration.ZERO, ReleaseListener.NONE)) {
            return release.run(request);
          }
        });
  }
}
