package app.cruddur.ops.runner.internal.plan;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The failure that stops a release before anything runs, exit 3: every changed or missing step with
 * both checksums and the two ways out; or, when the only problem is a new step older than an
 * applied one, that step and how to let it run.
 */
public final class Drift {
  private Drift() {}

  /** The steps of {@code steps} that block a release: drift, and steps out of order. */
  public static List<StepStatus> of(List<StepStatus> steps) {
    return steps.stream()
        .filter(s -> s.state().drift() || s.state() == StepState.OUT_OF_ORDER)
        .toList();
  }

  /**
   * The error for {@code blocking} (not empty): drift first, since it is the one a rename cannot
   * fix.
   */
  public static CruddurException error(List<StepStatus> blocking) {
    List<StepStatus> drift = blocking.stream().filter(s -> s.state().drift()).toList();
    if (drift.isEmpty()) {
      return outOfOrder(blocking);
    }
    List<String> parts = new ArrayList<>();
    for (StepStatus s : drift) {
      if (s.state() == StepState.MISSING) {
        parts.add(s.version() + ": " + s.reason());
      } else {
        parts.add(
            s.version()
                + " "
                + s.file()
                + ": "
                + s.reason()
                + " (applied "
                + StepStatus.shortChecksum(s.appliedChecksum().orElse(""))
                + ", now "
                + StepStatus.shortChecksum(s.checksum().orElse(""))
                + ")");
      }
    }
    String keys = String.join(" ", drift.stream().map(StepStatus::version).toList());
    return CruddurException.of(
        ErrorCode.CHANGED,
        (drift.size() == 1
                ? "an applied step changed: "
                : drift.size() + " applied steps changed: ")
            + String.join("; ", parts),
        "Revert the change, or accept it deliberately with `cruddur repair --accept " + keys + "`");
  }

  private static CruddurException outOfOrder(List<StepStatus> steps) {
    List<String> parts =
        steps.stream().map(s -> s.version() + " " + s.file() + " " + s.reason()).toList();
    return CruddurException.of(
        ErrorCode.OUT_OF_ORDER,
        (steps.size() == 1
                ? "a new step is out of order: "
                : steps.size() + " new steps are out of order: ")
            + String.join("; ", parts),
        "Give it a version above every applied step (rename the file), or apply it anyway with"
            + " `cruddur release --out-of-order`");
  }
}
