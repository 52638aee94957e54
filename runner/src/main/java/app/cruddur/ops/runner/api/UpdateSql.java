package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * The SQL {@code db update} would run, not run.
 *
 * @param step the liquibase step
 * @param sql the SQL
 * @param warnings what it met and went on past
 */
public record UpdateSql(String step, String sql, List<Warning> warnings)
    implements OperationResult {}
