package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What a release did.
 *
 * @param releaseId this release's id in the ledger (every slice of one release has the same)
 * @param target the target, described without secrets
 * @param context the context
 * @param applied the steps it applied, in order (a step it paused last, marked so)
 * @param alreadyApplied how many steps needed nothing
 * @param notApplicable the steps of the context that do not run on this kind of target (skipped,
 *     with why)
 * @param storesChecked the stores whose state was checked
 * @param durationMs how long the whole release took
 * @param awsCalls every AWS call made, per operation, with the SDK's own retries
 * @param unfinished where a time-boxed release (a slice, {@code --time-box}) stopped with work
 *     left; empty when it ran to its end
 * @param warnings what it met and went on past
 */
public record ReleaseResult(
    UUID releaseId,
    String target,
    String context,
    List<StepResult> applied,
    int alreadyApplied,
    List<StepStatus> notApplicable,
    List<Store> storesChecked,
    long durationMs,
    List<AwsCallStats> awsCalls,
    Optional<Unfinished> unfinished,
    List<Warning> warnings)
    implements OperationResult {

  /**
   * Where a time-boxed release stopped before its end, at a boundary: a step's (a page of a
   * migration) or between steps. Nothing failed; the next release continues from here.
   *
   * @param why what stopped it ("the time box of 40 min ran out")
   * @param where the step it stopped in or before, and how far that step got ("V005 paused after
   *     12,000 of ~20,000 items: …", "before V006")
   * @param left the steps left, in order (the one it stopped in first)
   * @param estimateSeconds what the rest is expected to take
   * @param longStep the step left that no slice runs (it is marked {@code long: true}): the release
   *     workflow runs it in its long-step build before the next slice
   * @param distribute the distributed step a slice paused, whose unfinished segments the release
   *     workflow's Distributed Map runs on the worker Lambda before the next slice
   * @param stopped it stopped because a stop was asked ({@code release --via --stop}), not for
   *     time: the release workflow ends ({@link ErrorCode#RELEASE_STOPPED})
   */
  public record Unfinished(
      String why,
      String where,
      List<String> left,
      long estimateSeconds,
      Optional<String> longStep,
      Optional<Distribute> distribute,
      boolean stopped) {
    public Unfinished {
      left = List.copyOf(left);
      distribute = distribute == null ? Optional.empty() : distribute;
    }

    /** Stopped for time, perhaps handing a step to the release workflow's Distributed Map. */
    public Unfinished(
        String why,
        String where,
        List<String> left,
        long estimateSeconds,
        Optional<String> longStep,
        Optional<Distribute> distribute) {
      this(why, where, left, estimateSeconds, longStep, distribute, false);
    }

    /** Stopped with no step for the workflow to hand elsewhere but, perhaps, a long one. */
    public Unfinished(
        String why,
        String where,
        List<String> left,
        long estimateSeconds,
        Optional<String> longStep) {
      this(why, where, left, estimateSeconds, longStep, Optional.empty());
    }

    /** The same, handing {@code distribute} to the release workflow's Distributed Map. */
    public Unfinished handingOff(Optional<Distribute> distribute) {
      return new Unfinished(why, where, left, estimateSeconds, longStep, distribute, stopped);
    }

    /** The same, stopped because a stop was asked. */
    public Unfinished asStopped() {
      return new Unfinished(why, where, left, estimateSeconds, longStep, distribute, true);
    }

    /** What is left, in a line: "V005 paused …; 2 more steps (V006, V007); about 4 min left". */
    public String describe() {
      int more = Math.max(0, left.size() - 1);
      String rest =
          more == 0
              ? ""
              : "; "
                  + more
                  + (more == 1 ? " more step (" : " more steps (")
                  + String.join(", ", left.subList(1, left.size()))
                  + ")";
      return where + rest + "; about " + duration(estimateSeconds) + " left";
    }

    private static String duration(long seconds) {
      if (seconds < 90) {
        return seconds + " s";
      }
      long minutes = (seconds + 59) / 60;
      return minutes < 90
          ? minutes + " min"
          : String.format(Locale.ROOT, "%d h %d min", minutes / 60, minutes % 60);
    }
  }

  /**
   * A distributed step's segments for the release workflow's Distributed Map (see {@code
   * ReleaseWorkflow}'s {@code distribute}): each item one child's segments, the unfinished ones
   * shuffled and dealt out.
   *
   * @param step the step's version key
   * @param run the run's id in the control table
   * @param controlTable the control table's name
   * @param workers how many workers share the run's budget (and at most how many items)
   * @param concurrency children at once
   * @param toleratedFailurePercentage the share of children that may fail: 100, for the next slice
   *     reads what is left from the control table and fans it out again
   * @param items each child's segments
   */
  public record Distribute(
      String step,
      String run,
      String controlTable,
      int workers,
      int concurrency,
      int toleratedFailurePercentage,
      List<List<Integer>> items) {
    public Distribute {
      items = items.stream().map(List::copyOf).toList();
    }
  }

  /** True when everything was already applied (sync steps that ran found nothing to change). */
  public boolean nothingToDo() {
    return unfinished.isEmpty() && applied.stream().noneMatch(StepResult::changed);
  }

  /** The steps that changed something. */
  public List<StepResult> changed() {
    return applied.stream().filter(StepResult::changed).toList();
  }

  /**
   * A release that stopped at a boundary before its end is not done: it stopped for time or for its
   * slice's share ({@link ErrorCode#MORE_TO_DO}, exit 6: rerun to continue; nothing failed), or a
   * stop was asked ({@link ErrorCode#RELEASE_STOPPED}, exit 6 too). Its line says why, in a
   * sentence of its own, then the work left: "the slice ran 3 steps, as many as its answer holds.
   * Work left: before V004; …".
   */
  @Override
  public Optional<CruddurException> failure() {
    return unfinished.map(
        u ->
            CruddurException.of(
                u.stopped() ? ErrorCode.RELEASE_STOPPED : ErrorCode.MORE_TO_DO,
                u.why() + ". Work left: " + u.describe(),
                "Release again to continue where it stopped (nothing failed)"));
  }
}
