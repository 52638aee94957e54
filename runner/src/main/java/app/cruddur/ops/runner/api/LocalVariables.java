package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * The environment variables that point the app, the AWS CLI and psql at the local environment.
 *
 * @param variables name to value, in the order to export them
 * @param warnings what it met and went on past
 */
public record LocalVariables(
    java.util.Map<String, String> variables,
    List<Warning> warnings) implements OperationResult {}
