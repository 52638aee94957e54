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
 * @param slice for {@code stopped}: what the vehicle did for the slice in flight (asked it to stop
 *     at its next boundary, or ended the lease), when the vehicle was asked
 */
public record ReleaseExecution(
    Action action,
    String workflow,
    Optional<String> execution,
    Optional<Instant> started,
    List<String> next,
    List<Warning> warnings,
    Optional<ReleaseStop> slice)
    implements OperationResult {
  public ReleaseExecution {
    next = List.copyOf(next);
    warnings = List.copyOf(warnings);
  }

  /** An execution started, stopped or not there, with no word from the vehicle. */
  public ReleaseExecution(
      Action action,
      String workflow,
      Optional<String> execution,
      Optional<Instant> started,
      List<String> next,
      List<Warning> warnings) {
    this(action, workflow, execution, started, next, warnings, Optional.empty());
  }

  /** The same, with what the vehicle did for the slice in flight (and what it met doing it). */
  public ReleaseExecution withSlice(ReleaseStop stop) {
    List<Warning> more = new java.util.ArrayList<>(warnings);
    more.addAll(stop.warnings());
    return new ReleaseExecution(
        action, workflow, execution, started, next, more, Optional.of(stop));
  }

  /** The same, with one more warning. */
  public ReleaseExecution withWarning(Warning warning) {
    List<Warning> more = new java.util.ArrayList<>(warnings);
    more.add(warning);
    return new ReleaseExecution(action, workflow, execution, started, next, more, slice);
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
