package app.cruddur.ops.runner.internal.operations.release;

import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import app.cruddur.ops.runner.api.ValidationResult;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.plan.Drift;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.util.List;

/**
 * {@code cruddur validate}: every applied step against its file; drift is exit 3 naming each step
 * and both checksums.
 */
public record Validate(ReleaseSession release) implements Operation<ValidationResult> {
  @Override
  public ValidationResult run() {
    ReleaseStatus status = new Status(release).run();
    List<StepStatus> drift = Drift.of(status.steps());
    if (!drift.isEmpty()) {
      throw Drift.error(drift);
    }
    long applied =
        status.steps().stream()
            .filter(s -> s.state() != StepState.PENDING && s.appliedChecksum().isPresent())
            .count();
    return new ValidationResult(status.target(), status.context(), applied, status.warnings());
  }
}
