package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.ReleaseVehicle;
import java.util.Objects;
import java.util.Optional;

/**
 * What a verb run in a deployed stage's release vehicle gave, read back into its typed result: the
 * same record, or the same failure, that a local run gives, so that it is shown the same way. The
 * progress the vehicle heard has been replayed to the caller's listener by then.
 *
 * @param function the vehicle's function
 * @param target the target the vehicle acted on, described as it describes it
 * @param result the verb's result, when it succeeded
 * @param failure its failure, when it failed
 */
public record VehicleRun(
    String function,
    String target,
    Optional<OperationResult> result,
    Optional<CruddurException> failure) {
  public VehicleRun {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(target, "target");
    if (result.isPresent() == failure.isPresent()) {
      throw new IllegalArgumentException("a run has a result or a failure");
    }
  }

  /**
   * The result, as a local run returns it.
   *
   * @throws CruddurException the failure, as a local run throws it
   */
  public OperationResult outcome() {
    return result.orElseThrow(failure::orElseThrow);
  }

  /** Where the vehicle's whole transcript is. */
  public String logGroup() {
    return ReleaseVehicle.logGroup(function);
  }
}
