package app.cruddur.ops.runner.api;

/** Progress of a long write: {@code done} of {@code total} units (items) so far. */
@FunctionalInterface
public interface Progress {
  /** Ignores every report. */
  Progress NONE = (done, total) -> {};

  void update(long done, long total);
}
