package app.cruddur.ops.runner.api;

/** Where a step stands on a target, Flyway's MigrationState for three stores. */
public enum StepState {
  /** Never applied on this target: will run. */
  PENDING("pending", true, false),
  /** Applied and unchanged. */
  APPLIED("applied", false, false),
  /** Its last run failed: will be retried. */
  FAILED("failed", true, false),
  /** Its last run was interrupted (the process died mid-step): will be retried. */
  INTERRUPTED("interrupted", true, false),
  /**
   * Its last slice stopped it at a boundary (the time box ran out, or a stop was asked for): will
   * be continued where it stopped.
   */
  PAUSED("paused", true, false),
  /** Another release is applying it right now. */
  RUNNING("running", false, false),
  /** A repeatable step whose file changed: will run again. */
  OUTDATED("outdated", true, false),
  /** A sync step: runs on every release. */
  EVERY_RELEASE("every release", true, false),
  /**
   * Applied, but its store lost the data since (table recreated, local engine restarted): will run
   * again.
   */
  LOST("lost", true, false),
  /** Applied, and its file changed since: drift (exit 3) until reverted or repaired. */
  CHANGED("changed", false, true),
  /** Applied, and its file is gone: drift (exit 3) until restored or repaired. */
  MISSING("missing", false, true),
  /**
   * Never applied, and older than a step that is: refused (exit 3) unless the release allows it
   * with {@code --out-of-order}, as Flyway refuses it by default.
   */
  OUT_OF_ORDER("out of order", false, false),
  /** Not in the release's context. */
  NOT_IN_CONTEXT("not in context", false, false),
  /**
   * In context, but its kind does not run on this kind of target (local-only dev users on AWS):
   * skipped.
   */
  NOT_APPLICABLE("not applicable", false, false);

  private final String label;
  private final boolean willRun;
  private final boolean drift;

  StepState(String label, boolean willRun, boolean drift) {
    this.label = label;
    this.willRun = willRun;
    this.drift = drift;
  }

  /** Lower-case name for output. */
  public String label() {
    return label;
  }

  /** True when a release will apply the step. */
  public boolean willRun() {
    return willRun;
  }

  /** True when the step blocks a release with exit 3. */
  public boolean drift() {
    return drift;
  }
}
