package app.cruddur.ops.runner.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code local down} did.
 *
 * @param dir the environment's directory
 * @param stopped true when something was running
 * @param warnings what it met and went on past
 */
public record LocalStopped(Path dir, boolean stopped, List<Warning> warnings)
    implements OperationResult {}
