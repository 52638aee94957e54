package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.Optional;

/**
 * What a command run in a deployed stage's release vehicle gave: its exit code and what it printed,
 * to be shown as it is (the vehicle's report or JSON document; its progress and error lines).
 *
 * @param function the vehicle's function
 * @param command the command it ran
 * @param exitCode its exit code (0–5, as {@code cruddur}'s)
 * @param errorLine its {@code error: …} line, when it failed
 * @param stdout what it printed on stdout
 * @param stderr what it printed on stderr
 * @param warnings what the invocation met and went on past
 */
public record VehicleRun(
    String function,
    String command,
    int exitCode,
    Optional<String> errorLine,
    String stdout,
    String stderr,
    List<Warning> warnings)
    implements OperationResult {
  /** Where the vehicle's whole transcript is. */
  public String logGroup() {
    return app.cruddur.ops.model.ReleaseVehicle.logGroup(function);
  }
}
