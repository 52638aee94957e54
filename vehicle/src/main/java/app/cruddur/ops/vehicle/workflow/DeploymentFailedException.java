package app.cruddur.ops.vehicle.workflow;

/**
 * The deployment's release failed, or cannot finish in time: its message, one line, is what
 * CloudFormation shows as the custom resource's failure reason.
 */
public final class DeploymentFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** CloudFormation shows at most about this much of a reason. */
  static final int MAX_REASON = 900;

  DeploymentFailedException(String reason) {
    super(reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON) + "…");
  }
}
