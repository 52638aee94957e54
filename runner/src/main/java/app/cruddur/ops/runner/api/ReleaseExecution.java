package app.cruddur.ops.runner.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An execution of a stage's release workflow, as {@code release --via --detach} started it or
 * {@code release --via --stop} stopped it: which, since when, and what to run next to follow or
 * stop it.
 *
 * @param action {@code started}, {@code stopped}, or {@code none} (nothing was running to stop)
 * @param workflow the stage's state machine
 * @param execution the execution's ARN (empty for {@code none})
 * @param started when it started
 * @param next what to run next, a command a line ("cruddur status --via …")
 * @param warnings what it met and went on past
 */
public record ReleaseExecution(
    Action action,
    String workflow,
    Optional<String> execution,
    Optional<Instant> started,
    List<String> next,
    List<Warning> warnings)
    implements OperationResult {
  public ReleaseExecution {
    next = List.copyOf(next);
    warnings = List.copyOf(warnings);
  }

  /** What was done to the execution. */
  public enum Action {
    /** Started, and left running (detached). */
    STARTED,
    /** Stopped. */
    STOPPED,
    /** Nothing: no execution was running. */
    NONE
  }
}
