package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * The environment variables the Cruddur app and the course's scripts read, pointing at the local
 * engines ({@code cruddur local env}).
 *
 * @param variables in the order to print them
 * @param warnings what is not set yet and how to get it (the user pool before the first release)
 */
public record AppEnvironment(List<Variable> variables, List<String> warnings) {
  public AppEnvironment {
    variables = List.copyOf(variables);
    warnings = List.copyOf(warnings);
  }

  /**
   * One variable.
   *
   * @param name its name
   * @param value its value (no secrets: the local engines' fixed credentials)
   * @param readBy who reads it
   */
  public record Variable(String name, String value, String readBy) {}
}
