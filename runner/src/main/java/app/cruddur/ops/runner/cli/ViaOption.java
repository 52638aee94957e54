package app.cruddur.ops.runner.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --via [FUNCTION]}: run the command in a deployed stage's release vehicle instead of from
 * here (a mixin of release, status, validate and db rollback).
 */
public final class ViaOption {
  @ViaVehicle
  @Option(
      names = "--via",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "FUNCTION",
      description =
          "Run it in the stage's release vehicle (the runner as a Lambda function in the VPC, where"
              + " PostgreSQL is), with --aws: FUNCTION, or the deployment's ReleaseFunctionName"
              + " output (--outputs, --stack) when left out. Shows its result and exits as a run"
              + " from here would.")
  String via;

  /** True when the command runs in the vehicle. */
  public boolean present() {
    return via != null;
  }

  /** The function given, or empty for the deployment's. */
  public Optional<String> function() {
    return Optional.ofNullable(via).filter(v -> !v.isBlank());
  }
}
