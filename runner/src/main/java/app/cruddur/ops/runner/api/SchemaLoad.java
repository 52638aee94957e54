package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * What schema-load did.
 *
 * @param table the table
 * @param created true when it was created, false when an existing one matched the model
 * @param warnings what it met and went on past
 */
public record SchemaLoad(String table, boolean created, List<Warning> warnings)
    implements OperationResult {}
