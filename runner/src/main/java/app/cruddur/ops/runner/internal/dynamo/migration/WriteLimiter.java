package app.cruddur.ops.runner.internal.dynamo.migration;

/**
 * What the writers ask before each write and tell when DynamoDB throttles one: this process's own
 * {@link WriteBudget}, or a distributed run's {@link SharedBudget}, which every worker of the run
 * draws from.
 */
public interface WriteLimiter {
  /** Waits until {@code units} may be written. */
  void acquire(double units) throws InterruptedException;

  /**
   * DynamoDB throttled a write: back off. Returns the rate now, units a second (infinite when there
   * is no limit).
   */
  double throttled();

  /** True when there is no limit but DynamoDB's own. */
  boolean unlimitedBudget();
}
