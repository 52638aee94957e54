package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.Optional;

/**
 * Every step of the release on one target, as the ledger and the stores say.
 *
 * @param target the target, described without secrets
 * @param context the context steps are filtered by
 * @param steps the steps in release order, then ledger entries whose files are gone
 * @param lockHolder who holds the release lock right now, if anyone
 * @param inProgress the release whose slices are under way (a release workflow's), if any
 * @param distributed the unfinished distributed runs of pending steps (none from an older vehicle)
 * @param warnings what it met and went on past
 */
public record ReleaseStatus(
    String target,
    String context,
    List<StepStatus> steps,
    Optional<String> lockHolder,
    Optional<ReleaseInProgress> inProgress,
    List<DistributedProgress> distributed,
    List<Warning> warnings)
    implements OperationResult {
  public ReleaseStatus {
    distributed = distributed == null ? List.of() : List.copyOf(distributed);
  }

  /** Steps a release would apply. */
  public List<StepStatus> pending() {
    return steps.stream().filter(s -> s.state().willRun()).toList();
  }

  /** Steps that block a release (exit 3). */
  public List<StepStatus> drift() {
    return steps.stream().filter(s -> s.state().drift()).toList();
  }
}
