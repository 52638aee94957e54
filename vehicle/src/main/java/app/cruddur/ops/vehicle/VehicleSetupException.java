package app.cruddur.ops.vehicle;

/**
 * The function was not set up as the CDK app sets it up (an environment variable missing or
 * malformed): exit 4, configuration. The message says which.
 */
public final class VehicleSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code problem}: what is missing, e.g. {@code CRUDDUR_STAGE is not set}. */
  public VehicleSetupException(String problem) {
    super(problem);
  }
}
