package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.Optional;

/**
 * What every operation returns: its own typed record, with the warnings it met on the way. The CLI
 * renders any of them, as a table or as the {@code result} of one JSON envelope.
 */
public interface OperationResult {
  /** What the operation met and went on past, in the order met. */
  List<Warning> warnings();

  /**
   * The failure this result is, when the result itself says what failed (a sync's conflicts: the
   * report is the result, and the command still ends with its exit code). Empty for a success.
   */
  default Optional<CruddurException> failure() {
    return Optional.empty();
  }
}
