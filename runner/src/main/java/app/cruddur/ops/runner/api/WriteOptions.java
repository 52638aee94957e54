package app.cruddur.ops.runner.api;

/**
 * How a bulk write behaves.
 *
 * @param parallelism BatchWriteItem requests in flight
 */
public record WriteOptions(int parallelism) {
  /** More requests in flight than this only queue in the SDK's connection pool. */
  public static final int MAX_PARALLELISM = 64;

  public WriteOptions {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw CruddurException.of(
          ErrorCode.BAD_ARGUMENT,
          "--parallel must be from 1 to " + MAX_PARALLELISM + ", not " + parallelism,
          "Pass how many requests to keep in flight");
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
