package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.Optional;

/**
 * What the vehicle's {@code stop} verb did for the release under the lease ({@code release --via
 * --stop} asks it, next to the database): asked the slice in flight to stop at its next boundary,
 * or ended the lease when no slice was in flight.
 *
 * @param outcome what was done
 * @param owner the lease's owner (the workflow execution), if there was a live lease
 * @param workersTold the distributed runs whose workers were told to stop after the page in hand
 *     ("V012 run &lt;id&gt;": a Distributed Map's worker Lambdas, which read only DynamoDB)
 * @param warnings what it met and went on past
 */
public record ReleaseStop(
    Outcome outcome, Optional<String> owner, List<String> workersTold, List<Warning> warnings)
    implements OperationResult {
  public ReleaseStop {
    workersTold = workersTold == null ? List.of() : List.copyOf(workersTold); // an older vehicle's
    warnings = List.copyOf(warnings);
  }

  /** What the stop verb did. */
  public enum Outcome {
    /** No live lease: no release of a workflow is under way. */
    NOTHING_TO_STOP,
    /** Recorded for the slice in flight: it stops at its next boundary and ends the lease. */
    REQUESTED,
    /** No slice was in flight (nobody held the release lock): the lease was ended at once. */
    LEASE_ENDED
  }

  /** The outcome in a sentence, and the distributed runs whose workers were told. */
  public String describe() {
    return outcomeSentence()
        + (workersTold.isEmpty()
            ? ""
            : "; the workers of "
                + String.join(", ", workersTold)
                + " stop after the page in hand (recorded)");
  }

  private String outcomeSentence() {
    return switch (outcome) {
      case NOTHING_TO_STOP -> "no release of a workflow holds the lease: nothing to stop in it";
      case REQUESTED ->
          "the slice in flight stops at its next boundary (paused where it stood) and ends the"
              + " lease";
      case LEASE_ENDED -> "no slice was in flight: the lease is ended, the next release starts now";
    };
  }
}
