package app.cruddur.ops.runner.cli;

import picocli.CommandLine.Option;

/**
 * {@code --context NAME}: the context steps and changesets are filtered by (a mixin of every
 * command that has one).
 */
public final class ContextOption {
  @Configurable
  @Option(
      names = "--context",
      paramLabel = "NAME",
      description =
          "Context steps and changesets are filtered by (dev, test, prod). Default: dev on the"
              + " local target; required elsewhere.")
  String name;

  /** The context given, or null for the default. */
  public String name() {
    return name;
  }
}
