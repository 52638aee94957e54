package app.cruddur.ops.runner.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code local reset} did.
 *
 * @param dir the environment's directory
 * @param deleted true when it was stopped and its data deleted; false when that was not confirmed
 * @param warnings what it met and went on past
 */
public record LocalReset(Path dir, boolean deleted, List<Warning> warnings)
    implements OperationResult {}
