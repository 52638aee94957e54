package app.cruddur.ops.runner.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure the user can act on: what went wrong, what to do about it, and its {@link ErrorCode}
 * (which names the exit code). The CLI prints {@code error: <problem>. <remedy>} and nothing else
 * unless {@code --debug}. Messages never contain secrets.
 */
public class CruddurException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String problem;
  private final String remedy;
  private final transient FailedChangeset changeset;

  public CruddurException(ErrorCode code, String problem, String remedy) {
    this(code, problem, remedy, null);
  }

  public CruddurException(ErrorCode code, String problem, String remedy, Throwable cause) {
    this(code, problem, remedy, cause, null);
  }

  private CruddurException(
      ErrorCode code, String problem, String remedy, Throwable cause, FailedChangeset changeset) {
    super(join(problem, remedy), cause);
    this.code = Objects.requireNonNull(code, "code");
    this.problem = Objects.requireNonNull(problem, "problem");
    this.remedy = remedy == null ? "" : remedy;
    this.changeset = changeset;
  }

  /** The same failure, naming the changeset it happened on (for the JSON error's fields). */
  public CruddurException withChangeset(Optional<FailedChangeset> failed) {
    if (failed.isEmpty()) {
      return this;
    }
    CruddurException named = new CruddurException(code, problem, remedy, getCause(), failed.get());
    named.setStackTrace(getStackTrace());
    return named;
  }

  /** A failure known by its exit class only: its generic code ({@link ErrorCode#generic}). */
  public CruddurException(ExitCode exitCode, String problem, String remedy) {
    this(ErrorCode.generic(exitCode), problem, remedy, null);
  }

  /** A failure known by its exit class only, keeping the cause for --debug. */
  public CruddurException(ExitCode exitCode, String problem, String remedy, Throwable cause) {
    this(ErrorCode.generic(exitCode), problem, remedy, cause);
  }

  /** A failure with its code. */
  public static CruddurException of(ErrorCode code, String problem, String remedy) {
    return new CruddurException(code, problem, remedy);
  }

  /** A failure with its code, keeping the cause for --debug. */
  public static CruddurException of(
      ErrorCode code, String problem, String remedy, Throwable cause) {
    return new CruddurException(code, problem, remedy, cause);
  }

  /** Bad input: exit 2. */
  public static CruddurException usage(String problem, String remedy) {
    return new CruddurException(ErrorCode.USAGE, problem, remedy);
  }

  /** Configuration, credentials, unreachable endpoint: exit 4. */
  public static CruddurException config(String problem, String remedy) {
    return new CruddurException(ErrorCode.CONFIG, problem, remedy);
  }

  /** Configuration, credentials, unreachable endpoint: exit 4, keeping the cause for --debug. */
  public static CruddurException config(String problem, String remedy, Throwable cause) {
    return new CruddurException(ErrorCode.CONFIG, problem, remedy, cause);
  }

  /** A failed step or command: exit 1. */
  public static CruddurException failed(String problem, String remedy, Throwable cause) {
    return new CruddurException(ErrorCode.FAILED, problem, remedy, cause);
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

  /** What went wrong, fine-grained. */
  public ErrorCode code() {
    return code;
  }

  /** The exit code naming this class of failure. */
  public ExitCode exitCode() {
    return code.exitCode();
  }

  /** What went wrong. */
  public String problem() {
    return problem;
  }

  /** The changeset a migration failed on, when that is what failed. */
  public Optional<FailedChangeset> changeset() {
    return Optional.ofNullable(changeset);
  }

  /** What to do about it (may be empty). */
  public String remedy() {
    return remedy;
  }
}
