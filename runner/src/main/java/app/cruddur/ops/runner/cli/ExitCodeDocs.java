package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit and error codes as people read them, generated from {@link ExitCode} and {@link
 * ErrorCode}, the one place they are written: {@code --help}'s exit code list, and README's tables
 * between the markers (a test keeps README current).
 */
public final class ExitCodeDocs {
  /** README's markers around the generated tables. */
  public static final String BEGIN =
      "<!-- exit-codes:begin (generated from ExitCode and ErrorCode; ExitCodeDocsTest checks it)"
          + " -->";

  public static final String END = "<!-- exit-codes:end -->";

  private ExitCodeDocs() {}

  /** {@code --help}'s list: code → "label: meaning". */
  public static Map<String, String> helpList() {
    Map<String, String> list = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      list.put(Integer.toString(code.code()), code.label() + ": " + code.meaning());
    }
    return list;
  }

  /** The markdown between README's markers: the exit codes, then the error codes of each. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(
        "| Code | Name | Meaning | Error codes (`error.code` in json) |\n|---|---|---|---|\n");
    for (ExitCode exit : ExitCode.values()) {
      StringBuilder codes = new StringBuilder();
      for (ErrorCode error : ErrorCode.values()) {
        if (error.exitCode() == exit) {
          codes
              .append(codes.length() == 0 ? "" : ", ")
              .append('`')
              .append(error.name())
              .append('`');
        }
      }
      md.append("| ")
          .append(exit.code())
          .append(" | ")
          .append(exit.label())
          .append(" | ")
          .append(exit.meaning())
          .append(" | ")
          .append(codes)
          .append(" |\n");
    }
    md.append("\n| Error code | Exit | Meaning |\n|---|---|---|\n");
    for (ErrorCode error : ErrorCode.values()) {
      md.append("| `")
          .append(error.name())
          .append("` | ")
          .append(error.exitCode().code())
          .append(" | ")
          .append(error.meaning())
          .append(" |\n");
    }
    return md.toString();
  }
}
