package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * Every DynamoDB table of the target (all pages).
 *
 * @param target the target, described without secrets
 * @param tables the table names
 * @param warnings what it met and went on past
 */
public record TableList(String target, List<String> tables, List<Warning> warnings)
    implements OperationResult {}
