package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.internal.dynamo.Throttling;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads a migration's selection one page at a time: a page of one scan segment, or of the query,
 * from a position (DynamoDB's LastEvaluatedKey). A page that is throttled or times out is read
 * again after a backoff, until the writer's deadline; one DynamoDB refuses as invalid is the step
 * file's fault.
 */
final class PageReader {
  private static final Logger LOG = Logger.getLogger(PageReader.class.getName());

  /** One page and where the next starts (empty: the segment is done). */
  record Page(
      List<Map<String, AttributeValue>> items, Optional<Map<String, AttributeValue>> next) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final MigrationSpec.Selection selection;
  private final Integer limit;
  private final ConditionalWriter.Settings retries;

  PageReader(
      DynamoDbClient dynamo,
      String table,
      MigrationSpec.Selection selection,
      OptionalInt defaultLimit,
      ConditionalWriter.Settings retries) {
    this.dynamo = dynamo;
    this.table = table;
    this.selection = selection;
    OptionalInt pageSize = selection.pageSize().isPresent() ? selection.pageSize() : defaultLimit;
    this.limit = pageSize.isPresent() ? pageSize.getAsInt() : null;
    this.retries = retries;
  }

  /**
   * The page of {@code segment} (of {@code segmentCount}; ignored for a query) starting at {@code
   * from}.
   */
  Page read(int segment, int segmentCount, Optional<Map<String, AttributeValue>> from) {
    long deadline = System.nanoTime() + retries.deadline().toNanos();
    int attempt = 0;
    while (true) {
      try {
        return readOnce(segment, segmentCount, from);
      } catch (SdkException e) {
        Optional<String> reason = Throttling.retryReason(e);
        if (reason.isEmpty() || System.nanoTime() > deadline) {
          throw e;
        }
        attempt++;
        int n = attempt;
        LOG.fine(
            () ->
                "reading " + table + " segment " + segment + ": " + reason.get() + "; retry " + n);
        retries.backoff().sleep(attempt);
        if (Thread.currentThread().isInterrupted()) {
          throw e;
        }
      }
    }
  }

  private Page readOnce(int segment, int segmentCount, Optional<Map<String, AttributeValue>> from) {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    selection.values().forEach((k, v) -> values.put(k, AttributeValue.fromS(v)));
    Map<String, String> names = selection.names().isEmpty() ? null : selection.names();
    Map<String, AttributeValue> expressionValues = values.isEmpty() ? null : values;
    try {
      if (selection instanceof MigrationSpec.Scan) {
        ScanResponse r =
            dynamo.scan(
                b ->
                    b.tableName(table)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .segment(segmentCount > 1 ? segment : null)
                        .totalSegments(segmentCount > 1 ? segmentCount : null)
                        .exclusiveStartKey(from.orElse(null))
                        .filterExpression(selection.filter().orElse(null))
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(expressionValues)
                        .limit(limit));
        return new Page(r.items(), next(r.hasLastEvaluatedKey(), r.lastEvaluatedKey()));
      }
      MigrationSpec.Query q = (MigrationSpec.Query) selection;
      QueryResponse r =
          dynamo.query(
              b ->
                  b.tableName(table)
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                      .keyConditionExpression(q.keyCondition())
                      .indexName(q.index().orElse(null))
                      .exclusiveStartKey(from.orElse(null))
                      .filterExpression(q.filter().orElse(null))
                      .expressionAttributeNames(names)
                      .expressionAttributeValues(expressionValues)
                      .limit(limit));
      return new Page(r.items(), next(r.hasLastEvaluatedKey(), r.lastEvaluatedKey()));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 400
          && e.awsErrorDetails() != null
          && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
        throw new MigrationStopped(
            MigrationStopped.Why.SELECTION_REJECTED, e.awsErrorDetails().errorMessage(), e);
      }
      throw e;
    }
  }

  private static Optional<Map<String, AttributeValue>> next(
      boolean has, Map<String, AttributeValue> lastEvaluatedKey) {
    return has && !lastEvaluatedKey.isEmpty() ? Optional.of(lastEvaluatedKey) : Optional.empty();
  }
}
