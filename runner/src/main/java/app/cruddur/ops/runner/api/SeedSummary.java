package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * What a synthetic seed wrote.
 *
 * @param users users it has
 * @param groups groups it has
 * @param messages messages written
 * @param groupRows group rows written
 * @param requests BatchWriteItem calls
 * @param unprocessedRetries re-sends of unprocessed items
 * @param throttledRetries re-sends after throttling
 * @param backoffMillis time spent backing off
 * @param elapsedMillis wall time of the write
 * @param warnings what it met and went on past
 */
public record SeedSummary(
    int users,
    int groups,
    long messages,
    long groupRows,
    long requests,
    long unprocessedRetries,
    long throttledRetries,
    long backoffMillis,
    long elapsedMillis,
    List<Warning> warnings)
    implements OperationResult {}
