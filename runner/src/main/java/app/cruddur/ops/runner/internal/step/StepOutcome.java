package app.cruddur.ops.runner.internal.step;

import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.ReleaseResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
import java.util.Optional;

/**
 * What applying a step did.
 *
 * @param summary in words ("applied 3 changesets")
 * @param details facts for the ledger (kept as json: the components of the kind's details record)
 * @param changed false when the step found everything in place and wrote nothing (a sync step on a
 *     release with nothing to do): such a release still says "nothing to do"
 * @param paused true when the step stopped at a boundary before its end because the release's
 *     {@link Deadline} passed: what it did is kept (a migration's checkpoints, the changesets
 *     applied) and the next release continues it; the summary says where it stopped
 * @param rest what the rest of a paused step is expected to take, when it can say
 * @param distribute a paused distributed step's segments, handed to the release workflow's
 *     Distributed Map (a workflow's slice only)
 */
public record StepOutcome(
    String summary,
    JsonNode details,
    boolean changed,
    boolean paused,
    Optional<Duration> rest,
    Optional<ReleaseResult.Distribute> distribute) {
  public StepOutcome(String summary, JsonNode details, boolean changed) {
    this(summary, details, changed, false, Optional.empty(), Optional.empty());
  }

  /** An outcome that changed something. */
  public static StepOutcome of(String summary) {
    return new StepOutcome(summary, NullNode.getInstance(), true);
  }

  /**
   * The step stopped at a boundary before its end (its deadline passed): {@code where} it stopped
   * ("12,000 of ~20,000 items"), with what it did so far as its details and what the {@code rest}
   * is expected to take.
   */
  public static StepOutcome paused(String where, Record details, Optional<Duration> rest) {
    return new StepOutcome(
        where, Json.mapper().valueToTree(details), true, true, rest, Optional.empty());
  }

  /**
   * The step paused {@code where} it stands, its unfinished work handed to the release workflow's
   * Distributed Map ({@code distribute}), which is expected to take the {@code rest}; the next
   * slice continues it.
   */
  public static StepOutcome handedOff(
      String where, Record details, Duration rest, ReleaseResult.Distribute distribute) {
    return new StepOutcome(
        where,
        Json.mapper().valueToTree(details),
        true,
        true,
        Optional.of(rest),
        Optional.of(distribute));
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
