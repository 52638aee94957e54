package app.cruddur.ops.runner.internal.step;

import java.util.List;

/**
 * What a new checksum of an applied step means.
 *
 * @param drift the changes that are drift (empty if none)
 * @param pending work to do ("2 new changesets"), or empty
 */
public record Reassessment(List<String> drift, String pending) {
  /** Drift, described. */
  public static Reassessment drift(String... what) {
    return new Reassessment(List.of(what), "");
  }

  /** No drift; work to do. */
  public static Reassessment pending(String what) {
    return new Reassessment(List.of(), what);
  }

  /** True when this is drift. */
  public boolean isDrift() {
    return !drift.isEmpty();
  }
}
