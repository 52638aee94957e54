package app.cruddur.ops.runner.internal.step;

import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * What applying a step did.
 *
 * @param summary in words ("applied 3 changesets")
 * @param details facts for the ledger (kept as json: the components of the kind's details record)
 * @param changed false when the step found everything in place and wrote nothing (a sync step on a
 *     release with nothing to do): such a release still says "nothing to do"
 */
public record StepOutcome(String summary, JsonNode details, boolean changed) {
  /** An outcome that changed something. */
  public static StepOutcome of(String summary) {
    return new StepOutcome(summary, NullNode.getInstance(), true);
  }

  /**
   * An outcome that changed something, with its details: a record of the kind's, whose components
   * are the keys of the ledger row's details (read back with {@code LedgerEntry.details(type)}).
   */
  public static StepOutcome of(String summary, Record details) {
    return of(summary, details, true);
  }

  /** An outcome with its details, that changed something or found everything in place. */
  public static StepOutcome of(String summary, Record details, boolean changed) {
    return new StepOutcome(summary, Json.mapper().valueToTree(details), changed);
  }

  /** An outcome that found everything in place and has nothing to record. */
  public static StepOutcome unchanged(String summary) {
    return new StepOutcome(summary, NullNode.getInstance(), false);
  }
}
