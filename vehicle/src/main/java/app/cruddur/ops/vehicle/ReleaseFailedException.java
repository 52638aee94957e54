package app.cruddur.ops.vehicle;

/**
 * A release run for a CloudFormation deployment failed. Its message, one line, is what
 * CloudFormation shows as the custom resource's failure reason: the exit code and the release's
 * error line (the whole report is in the function's log).
 */
public final class ReleaseFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  ReleaseFailedException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The release's exit code. */
  public int exitCode() {
    return exitCode;
  }
}
