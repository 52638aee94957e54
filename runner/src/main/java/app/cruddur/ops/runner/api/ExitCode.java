package app.cruddur.ops.runner.api;

/**
 * The exit codes of {@code cruddur}, named. Pipelines branch on them: they are part of the
 * interface. This enum is where they are written: {@code --help} lists them from it, and README's
 * table is generated from it (a test checks that it is current).
 */
public enum ExitCode {
  /** Done, or nothing to do. */
  OK(0, "ok", "done, or nothing to do"),
  /** A step or command failed (retrying after fixing the cause is safe). */
  FAILED(1, "failed", "a step or command failed (safe to rerun after fixing the cause)"),
  /** Usage or bad input: a flag, an argument, a step or changelog file. Nothing was written. */
  USAGE(
      2,
      "usage",
      "bad usage or input: a flag, an argument, a step or changelog file; nothing was written"),
  /**
   * Drift: an applied step changed since (validation or checksum), or a new one is older than an
   * applied one.
   */
  DRIFT(
      3,
      "drift",
      "an applied step changed since it was applied, or a new one is older than an applied one "
          + "(or a table differs from the model)"),
  /** Configuration, credentials or an unreachable endpoint. */
  CONFIG(4, "config", "configuration, credentials, or an unreachable endpoint"),
  /** Another release holds the lock of this target. */
  LOCKED(5, "locked", "another release holds the target's lock (`--wait DURATION` to queue)"),
  /**
   * More to do: a time-boxed release ({@code --time-box}) stopped at a boundary with work left;
   * nothing failed, and a rerun continues where it stopped.
   */
  MORE(
      6,
      "more",
      "a time-boxed release stopped at a boundary with work left (nothing failed): rerun it to"
          + " continue"),
  /**
   * Interrupted (Ctrl-C, SIGTERM): 128 + SIGINT, as shells report it. The command says what it
   * stopped; rerunning it continues.
   */
  INTERRUPTED(
      130,
      "interrupted",
      "interrupted (Ctrl-C or SIGTERM): it says what it stopped during; rerunning continues");

  private final int code;
  private final String label;
  private final String meaning;

  ExitCode(int code, String label, String meaning) {
    this.code = code;
    this.label = label;
    this.meaning = meaning;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** The short name used in docs and {@code --help}. */
  public String label() {
    return label;
  }

  /** What it means, in a line. */
  public String meaning() {
    return meaning;
  }
}
