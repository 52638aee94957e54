package app.cruddur.ops.runner.internal.operations;

import app.cruddur.ops.runner.api.OperationResult;

/**
 * One verb of the runner ({@code release}, {@code db rollback}, {@code ddb scan}, ...): a record of
 * what it needs, run once, returning its typed result. The facades call them; the CLI renders what
 * they return. One record per verb, in the package of its command group.
 */
@FunctionalInterface
public interface Operation<R extends OperationResult> {
  /**
   * Does the work; throws {@link app.cruddur.ops.runner.api.CruddurException} for anything the user
   * must act on.
   */
  R run();
}
