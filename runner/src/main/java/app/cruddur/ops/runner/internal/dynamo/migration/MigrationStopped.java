package app.cruddur.ops.runner.internal.dynamo.migration;

/**
 * The migration stopped before the end of its pass, for a reason that is not one item's: what is
 * checkpointed stays, and the next release resumes from there.
 */
public final class MigrationStopped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Why {
    /**
     * DynamoDB refused the selection (a filter or key condition that does not parse): the step
     * file's fault.
     */
    SELECTION_REJECTED,
    /** DynamoDB kept throttling (or not answering) past the writer's deadline. */
    THROTTLED_TOO_LONG,
    /** The checkpoint tables could not be read or written. */
    CHECKPOINTS
  }

  private final Why why;

  MigrationStopped(Why why, String message, Throwable cause) {
    super(message, cause);
    this.why = why;
  }

  public Why why() {
    return why;
  }
}
