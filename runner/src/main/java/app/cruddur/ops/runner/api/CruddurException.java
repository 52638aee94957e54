package app.cruddur.ops.runner.api;

import java.util.Objects;

/**
 * A failure the user can act on: what went wrong, what to do about it, and the exit code that
 * names its class. The CLI prints {@code error: <problem>. <remedy>} and nothing else unless
 * {@code --debug}. Messages never contain secrets.
 */
public class CruddurException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;
  private final String problem;
  private final String remedy;

  public CruddurException(ExitCode exitCode, String problem, String remedy) {
    this(exitCode, problem, remedy, null);
  }

  public CruddurException(ExitCode exitCode, String problem, String remedy, Throwable cause) {
    super(join(problem, remedy), cause);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
    this.problem = Objects.requireNonNull(problem, "problem");
    this.remedy = remedy == null ? "" : remedy;
  }

  /** Bad input: exit 2. */
  public static CruddurException usage(String problem, String remedy) {
    return new CruddurException(ExitCode.USAGE, problem, remedy);
  }

  /** Configuration, credentials, unreachable endpoint: exit 4. */
  public static CruddurException config(String problem, String remedy) {
    return new CruddurException(ExitCode.CONFIG, problem, remedy);
  }

  /** Configuration, credentials, unreachable endpoint: exit 4, keeping the cause for --debug. */
  public static CruddurException config(String problem, String remedy, Throwable cause) {
    return new CruddurException(ExitCode.CONFIG, problem, remedy, cause);
  }

  /** A failed step or command: exit 1. */
  public static CruddurException failed(String problem, String remedy, Throwable cause) {
    return new CruddurException(ExitCode.FAILED, problem, remedy, cause);
  }

  private static String join(String problem, String remedy) {
    String what = stripPeriod(problem);
    if (remedy == null || remedy.isBlank()) {
      return what;
    }
    return what + ". " + stripPeriod(remedy);
  }

  private static String stripPeriod(String text) {
    String t = text.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  /** The exit code naming this class of failure. */
  public ExitCode exitCode() {
    return exitCode;
  }

  /** What went wrong. */
  public String problem() {
    return problem;
  }

  /** What to do about it (may be empty). */
  public String remedy() {
    return remedy;
  }
}
