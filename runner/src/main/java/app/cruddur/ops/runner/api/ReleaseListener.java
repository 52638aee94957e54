package app.cruddur.ops.runner.api;

/** Progress of a release, for whoever shows it (the CLI prints lines; the API needs none). */
public interface ReleaseListener {
  /** A listener that ignores everything. */
  ReleaseListener NONE = new ReleaseListener() {};

  /**
   * A release of every pending step begins on {@code target} in {@code context} (before anything is
   * read).
   */
  default void releaseStarted(String target, String context) {}

  /** Something worth telling: a lock waited for, a stale Liquibase lock released. */
  default void notice(String message) {}

  /** A step starts. */
  default void stepStarted(StepStatus step) {}

  /** A step enters a phase ({@code checking which group rows to write}, {@code writing}). */
  default void stepPhase(StepStatus step, String phase) {}

  /** A step made progress ({@code done} of {@code total} units, e.g. items written). */
  default void stepProgress(StepStatus step, long done, long total) {}

  /** A step finished (succeeded or failed). */
  default void stepFinished(StepResult result) {}
}
