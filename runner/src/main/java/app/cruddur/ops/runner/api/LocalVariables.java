package app.cruddur.ops.runner.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The environment variables that point the Cruddur app, the course's scripts, the AWS CLI and psql
 * at the local environment ({@code cruddur local env}).
 *
 * @param variables name to value, in the order to print them (no secrets: the local engines' fixed
 *     credentials)
 * @param readBy name to who reads it, for the same names
 * @param format how a terminal shows them: shell export lines or a {@code .env} file
 * @param warnings what is not set yet and how to get it (the user pool before the first release)
 */
public record LocalVariables(
    Map<String, String> variables,
    Map<String, String> readBy,
    Format format,
    List<Warning> warnings)
    implements OperationResult {
  public LocalVariables {
    Objects.requireNonNull(format, "format");
    variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    readBy = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(readBy));
    warnings = List.copyOf(warnings);
  }

  /** How the variables are written for a terminal. */
  public enum Format {
    /** {@code export NAME=value} lines, for {@code eval "$(./cruddur local env)"}. */
    SHELL,
    /** {@code NAME=value} lines, each after a comment saying who reads it: a {@code .env} file. */
    DOTENV
  }
}
