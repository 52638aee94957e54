package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * A table deleted (and gone).
 *
 * @param table the table
 * @param warnings what it met and went on past
 */
public record TableDropped(String table, List<Warning> warnings) implements OperationResult {}
