package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.StepState;
import app.cruddur.ops.runner.api.StepStatus;
import java.util.ArrayList;
import java.util.List;

/** The failure drift is: exit 3 naming every changed or missing step, both checksums, and the two ways out. */
public final class Drift {
  private Drift() {}

  /** The steps of {@code steps} that block a release. */
  public static List<StepStatus> of(List<StepStatus> steps) {
    return steps.stream().filter(s -> s.state().drift()).toList();
  }

  /** The error for {@code drift} (not empty). */
  public static CruddurException error(List<StepStatus> drift) {
    List<String> parts = new ArrayList<>();
    for (StepStatus s : drift) {
      if (s.state() == StepState.MISSING) {
        parts.add(s.version() + ": " + s.reason());
      } else {
        parts.add(s.version() + " " + s.file() + ": " + s.reason() + " (applied "
            + StepStatus.shortChecksum(s.appliedChecksum().orElse("")) + ", now "
            + StepStatus.shortChecksum(s.checksum().orElse("")) + ")");
      }
    }
    String keys = String.join(" ", drift.stream().map(StepStatus::version).toList());
    return CruddurException.of(ErrorCode.CHANGED,
        (drift.size() == 1 ? "an applied step changed: " : drift.size() + " applied steps changed: ") + String.join("; ", parts),
        "Revert the change, or accept it deliberately with `cruddur repair --accept " + keys + "`");
  }
}
