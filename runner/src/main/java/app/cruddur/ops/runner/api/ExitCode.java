package app.cruddur.ops.runner.api;

/**
 * The exit codes of {@code cruddur}, named. Pipelines branch on them: they are part of the
 * interface and documented in README and {@code --help}.
 */
public enum ExitCode {
  /** Done, or nothing to do. */
  OK(0, "ok"),
  /** A step or command failed (retrying after fixing the cause is safe). */
  FAILED(1, "failed"),
  /** Usage or bad input: a flag, an argument, a step or changelog file. Nothing was written. */
  USAGE(2, "usage"),
  /** Drift: an applied step changed since (validation or checksum). */
  DRIFT(3, "drift"),
  /** Configuration, credentials or an unreachable endpoint. */
  CONFIG(4, "config"),
  /** Another release holds the lock of this target. */
  LOCKED(5, "locked");

  private final int code;
  private final String label;

  ExitCode(int code, String label) {
    this.code = code;
    this.label = label;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** The short name used in json output and docs. */
  public String label() {
    return label;
  }
}
