package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * The seed steps of a context run outside a release ({@code cruddur ddb seed}): not recorded in the
 * ledger.
 *
 * @param context the context
 * @param seeded per step: its key and what it wrote
 * @param warnings what it met and went on past
 */
public record SeedRun(String context, List<String> seeded, List<Warning> warnings)
    implements OperationResult {}
