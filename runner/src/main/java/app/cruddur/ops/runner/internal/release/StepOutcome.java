package app.cruddur.ops.runner.internal.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * What applying a step did.
 *
 * @param summary in words ("applied 3 changesets")
 * @param details facts for the ledger (kept as json)
 */
public record StepOutcome(String summary, JsonNode details) {
  public static StepOutcome of(String summary) {
    return new StepOutcome(summary, NullNode.getInstance());
  }
}
