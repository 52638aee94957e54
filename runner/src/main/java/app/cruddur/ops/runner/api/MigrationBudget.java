package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * The write budget of a distributed migration's run, set while it goes on ({@code cruddur ddb
 * budget}): every worker takes it at its next read of the run's header, within about a second.
 *
 * @param step the step's version key
 * @param run the run's id
 * @param before the budget in force before, items (or write units) a second
 * @param budget the budget in force now
 * @param stepBudget the step file's own budget, which a change never exceeds
 * @param warnings what it met and went on past
 */
public record MigrationBudget(
    String step,
    String run,
    double before,
    double budget,
    double stepBudget,
    List<Warning> warnings)
    implements OperationResult {}
