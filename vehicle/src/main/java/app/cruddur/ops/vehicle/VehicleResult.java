package app.cruddur.ops.vehicle;

import app.cruddur.ops.runner.api.ExitCode;
import java.util.Arrays;
import java.util.Optional;

/**
 * What one command run by the vehicle gave: the answer to a direct invocation.
 *
 * @param command the command ({@code release}, {@code plan}, {@code status}, {@code validate})
 * @param exitCode the exit code, as {@code cruddur} would exit
 * @param exitName its name ({@code ok}, {@code failed}, {@code usage}, {@code drift}, {@code
 *     config}, {@code locked})
 * @param errorLine the {@code error: <what>. <what to do>} line, or null when it succeeded
 * @param output what the command printed on stdout (its report, or its JSON document)
 * @param log what it printed on stderr (progress, warnings, the error line)
 */
public record VehicleResult(
    String command, int exitCode, String exitName, String errorLine, String output, String log) {
  /** The most a result carries of either stream; the rest is in the function's log. */
  static final int MAX_CHARS = 1_000_000;

  public VehicleResult {
    output = truncate(output);
    log = truncate(log);
  }

  /** A run that ended with {@code code}; the error line is read from what it printed. */
  static VehicleResult of(String command, int code, String output, String log) {
    String error =
        code == 0
            ? null
            : lastErrorLine(log)
                .or(() -> lastErrorLine(output))
                .orElse(
                    "error: "
                        + command
                        + " exited "
                        + code
                        + " ("
                        + nameOf(code)
                        + ") without an error line. See the function's log");
    return new VehicleResult(command, code, nameOf(code), error, output, log);
  }

  /** A failure before any command ran. */
  static VehicleResult failure(String command, ExitCode code, String errorLine) {
    return new VehicleResult(
        command, code.code(), code.label(), errorLine, "", errorLine + System.lineSeparator());
  }

  /** True when the command succeeded. */
  public boolean ok() {
    return exitCode == 0;
  }

  /** The name of exit code {@code code}. */
  static String nameOf(int code) {
    return Arrays.stream(ExitCode.values())
        .filter(c -> c.code() == code)
        .map(ExitCode::label)
        .findFirst()
        .orElse("unknown");
  }

  private static Optional<String> lastErrorLine(String text) {
    String found = null;
    for (String line : text.split("\\R")) {
      if (line.startsWith("error: ")) {
        found = line;
      }
    }
    return Optional.ofNullable(found);
  }

  private static String truncate(String s) {
    if (s == null || s.length() <= MAX_CHARS) {
      return s == null ? "" : s;
    }
    return s.substring(0, MAX_CHARS)
        + System.lineSeparator()
        + "… (cut at "
        + MAX_CHARS
        + " characters; the whole text is in the function's log)";
  }
}
