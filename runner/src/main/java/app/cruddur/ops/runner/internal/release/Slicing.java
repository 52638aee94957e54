package app.cruddur.ops.runner.internal.release;

import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.internal.step.Deadline;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a release is sliced (see {@code ReleaseWorkflow}): when it stops, whose lease it runs under,
 * and what it does with a step marked {@code long: true}.
 *
 * @param deadline when it stops at the next boundary ({@link Deadline#NONE}: at its end)
 * @param leaseOwner the owner of the lease that outlives this run for the next slice (a workflow
 *     execution's ARN); empty for a run of its own (the CLI), which leaves no lease behind
 * @param leaseFor how long the lease outlives this run's start: its time and the time for the
 *     workflow to invoke the next slice ({@link ReleaseWorkflow#LEASE_TTL})
 * @param handsOffLongSteps a long step ends the run before it, for the workflow to run it in its
 *     long-step build, and a distributed step hands its segments to the workflow's Distributed Map
 *     (a workflow's slice); otherwise both run in place
 * @param longStep the long-step build's run: this step runs with no deadline, and the release stops
 *     after it
 * @param stepsBytes how many bytes of its answer the steps it ran may take (see {@link
 *     ReleaseWorkflow#SLICE_STEPS_BYTES}) before it stops between steps: a workflow's slice; {@link
 *     Long#MAX_VALUE} otherwise (the CLI prints as much as it ran)
 */
public record Slicing(
    Deadline deadline,
    Optional<String> leaseOwner,
    Duration leaseFor,
    boolean handsOffLongSteps,
    Optional<String> longStep,
    long stepsBytes) {
  public Slicing {
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(leaseOwner, "leaseOwner");
    Objects.requireNonNull(leaseFor, "leaseFor");
    Objects.requireNonNull(longStep, "longStep");
  }

  /** True when the steps' share of its answer is bounded (a workflow's slice). */
  public boolean boundsAnswer() {
    return stepsBytes < Long.MAX_VALUE;
  }

  /** A release run to its end. */
  public static Slicing whole() {
    return new Slicing(
        Deadline.NONE, Optional.empty(), Duration.ZERO, false, Optional.empty(), Long.MAX_VALUE);
  }

  /** {@code --time-box}: stop at the first boundary after {@code box}. */
  public static Slicing timeBox(Duration box) {
    return new Slicing(
        Deadline.after(box, "the time box of " + human(box)),
        Optional.empty(),
        Duration.ZERO,
        false,
        Optional.empty(),
        Long.MAX_VALUE);
  }

  /**
   * One slice of {@code owner}'s execution with {@code box} to work in and {@code stepsBytes} of
   * its answer for the steps it runs; for the long-step build, the {@code longStep} to run (with
   * the build's time, not a slice's: one step).
   */
  public static Slicing slice(
      String owner, Duration box, Optional<String> longStep, long stepsBytes) {
    return longStep.isPresent()
        ? new Slicing(
            Deadline.NONE,
            Optional.of(owner),
            ReleaseWorkflow.LONG_STEP_TIMEOUT.plus(ReleaseWorkflow.LEASE_TTL),
            false,
            longStep,
            Long.MAX_VALUE)
        : new Slicing(
            Deadline.after(box, "the slice's time"),
            Optional.of(owner),
            box.plus(ReleaseWorkflow.LEASE_TTL),
            true,
            Optional.empty(),
            stepsBytes);
  }

  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 120) {
      return s + " s";
    }
    return s % 3600 == 0 ? s / 3600 + " h" : (s + 59) / 60 + " min";
  }
}
