package app.cruddur.ops.runner.internal.stepfile;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;

/**
 * A step or changelog file that cannot be used: {@code <file> line <n>: <what>}, exit 2, raised
 * before anything is applied.
 */
public class StepFileException extends CruddurException {
  private static final long serialVersionUID = 1L;

  public StepFileException(String file, int line, String problem, String remedy) {
    super(
        ErrorCode.STEP_FILE,
        file + (line > 0 ? " line " + line : "") + ": " + problem,
        remedy == null || remedy.isBlank() ? "Fix the file; nothing was applied" : remedy);
  }

  public StepFileException(String file, int line, String problem) {
    this(file, line, problem, null);
  }
}
