package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * What a scan read; the items themselves went to the scan's consumer as they came.
 *
 * @param table the table
 * @param count items passed on
 * @param pages pages read
 * @param truncated true when the limit stopped it before the end
 * @param warnings what it met and went on past
 */
public record ScanSummary(
    String table, long count, int pages, boolean truncated, List<Warning> warnings)
    implements OperationResult {}
