package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * A tag set on the current database state.
 *
 * @param tag the tag
 * @param warnings what it met and went on past
 */
public record TagResult(String tag, List<Warning> warnings) implements OperationResult {}
