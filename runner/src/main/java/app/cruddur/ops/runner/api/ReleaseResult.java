package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.UUID;

/**
 * What a release did.
 *
 * @param releaseId this release's id in the ledger
 * @param target the target, described without secrets
 * @param context the context
 * @param applied the steps it applied, in order
 * @param alreadyApplied how many steps needed nothing
 * @param notApplicable the steps of the context that do not run on this kind of target (skipped,
 *     with why)
 * @param storesChecked the stores whose state was checked
 * @param durationMs how long the whole release took
 * @param awsCalls every AWS call made, per operation, with the SDK's own retries
 * @param warnings what it met and went on past
 */
public record ReleaseResult(
    UUID releaseId,
    String target,
    String context,
    List<StepResult> applied,
    int alreadyApplied,
    List<StepStatus> notApplicable,
    List<Store> storesChecked,
    long durationMs,
    List<AwsCallStats> awsCalls,
    List<Warning> warnings)
    implements OperationResult {

  /** True when everything was already applied (sync steps that ran found nothing to change). */
  public boolean nothingToDo() {
    return applied.stream().noneMatch(StepResult::changed);
  }

  /** The steps that changed something. */
  public List<StepResult> changed() {
    return applied.stream().filter(StepResult::changed).toList();
  }
}
