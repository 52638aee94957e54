package app.cruddur.ops.runner.api;

/**
 * The AWS calls of one operation of one service, with the SDK's own retries.
 *
 * @param operation {@code DynamoDb.BatchWriteItem}
 * @param calls calls made
 * @param attempts requests sent (calls plus the SDK's retries)
 * @param failures calls that ended in an error
 */
public record AwsCallStats(String operation, long calls, long attempts, long failures) {
  /** The SDK's retries. */
  public long retries() {
    return attempts - calls;
  }
}
