package app.cruddur.ops.runner.api;

/**
 * Progress of a long write: the phase it is in ({@code checking which group rows to write}), then
 * {@code done} of {@code total} units (items) of the write.
 */
@FunctionalInterface
public interface Progress {
  /** Ignores every report. */
  Progress NONE = (done, total) -> {};

  /** {@code done} of {@code total} units of the write are finished. */
  void update(long done, long total);

  /** A phase begins (named in words: {@code checking which group rows to write}). */
  default void phase(String name) {}
}
