package app.cruddur.ops.runner.internal.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * What applying a step did.
 *
 * @param summary in words ("applied 3 changesets")
 * @param details facts for the ledger (kept as json)
 * @param changed false when the step found everything in place and wrote nothing (a sync step on a
 *     release with nothing to do): such a release still says "nothing to do"
 */
public record StepOutcome(String summary, JsonNode details, boolean changed) {
  /** An outcome that changed something, with details. */
  public StepOutcome(String summary, JsonNode details) {
    this(summary, details, true);
  }

  /** An outcome that changed something. */
  public static StepOutcome of(String summary) {
    return new StepOutcome(summary, NullNode.getInstance(), true);
  }

  /** An outcome that found everything in place. */
  public static StepOutcome unchanged(String summary, JsonNode details) {
    return new StepOutcome(summary, details, false);
  }
}
