package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * What {@code local up} found or started.
 *
 * @param status the environment now
 * @param alreadyUp true when it was up before
 * @param warnings what it met and went on past
 */
public record LocalUp(LocalStatus status, boolean alreadyUp, List<Warning> warnings)
    implements OperationResult {}
