package app.cruddur.ops.runner.internal.dynamo.migration;

/**
 * A migration's checkpoints could not be read or written (PostgreSQL beside the ledger, or a
 * distributed run's control table): the pass stops, and what was checkpointed stays.
 */
final class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;

  CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
