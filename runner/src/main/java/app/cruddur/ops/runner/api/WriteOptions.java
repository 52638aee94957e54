package app.cruddur.ops.runner.api;

/**
 * How a bulk write behaves.
 *
 * @param parallelism BatchWriteItem requests in flight
 */
public record WriteOptions(int parallelism) {
  public WriteOptions {
    if (parallelism < 1) {
      throw CruddurException.usage("--parallel must be at least 1", "Pass how many requests to keep in flight");
    }
  }

  /** Eight requests in flight. */
  public static WriteOptions defaults() {
    return new WriteOptions(8);
  }

  public WriteOptions withParallelism(int p) {
    return new WriteOptions(p);
  }
}
