package app.cruddur.ops.runner.cli;

import picocli.CommandLine.Option;

/**
 * {@code -y, --yes}: answers yes to a destructive command's question on the local target (a mixin).
 */
public final class YesOption {
  @Option(
      names = {"-y", "--yes"},
      description = "Do not ask (local target only).")
  boolean yes;

  public boolean yes() {
    return yes;
  }
}
