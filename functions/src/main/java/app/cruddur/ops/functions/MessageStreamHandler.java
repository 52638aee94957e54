package app.cruddur.ops.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Lambda function of pattern E, fed by the messages table's stream (the event source mapping
 * filters it to inserted {@code MSG#} items and has ReportBatchItemFailures on).
 *
 * <p>Thin: converts the event's records to {@link StreamChange}s, lets a {@link
 * MessageStreamProcessor} apply them, and answers with the sequence number of the first failed
 * record, if any, from which Lambda retries (bisecting, up to the mapping's retry attempts, then to
 * its on-failure queue).
 *
 * <p>Environment: {@value MoverSettings#TABLE_NAME_ENV} (default {@code cruddur-messages}); region
 * and credentials are those Lambda provides.
 */
public final class MessageStreamHandler
    implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
  private final MessageStreamProcessor processor;

  /** Lambda's entry: one SDK client per execution environment, built at init. */
  public MessageStreamHandler() {
    this(
        new MessageStreamProcessor(
            new GroupRowMover(lambdaClient(), MoverSettings.fromEnvironment(System.getenv()))));
  }

  /** A handler running {@code processor} (tests, or another host than Lambda). */
  public MessageStreamHandler(MessageStreamProcessor processor) {
    this.processor = Objects.requireNonNull(processor, "processor");
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    List<StreamChange> changes =
        event == null || event.getRecords() == null
            ? List.of()
            : event.getRecords().stream().map(MessageStreamHandler::toChange).toList();
    BatchOutcome outcome = processor.process(changes);
    LambdaLogger log = context == null ? null : context.getLogger();
    if (log != null) {
      log.log(outcome.summary());
      outcome.outcomes().stream()
          .filter(o -> o.status().isFailure())
          .forEach(
              o ->
                  log.log(
                      "record "
                          + o.sequenceNumber()
                          + " "
                          + o.status()
                          + ": "
                          + o.error().orElse("")));
      outcome
          .unreadable()
          .forEach(u -> log.log("warning: left a group row alone: " + u.describe()));
    }
    // a record without a sequence number yields a null identifier: Lambda then retries the whole
    // batch
    List<StreamsEventResponse.BatchItemFailure> failures =
        outcome
            .firstFailure()
            .map(
                first -> List.of(new StreamsEventResponse.BatchItemFailure(first.sequenceNumber())))
            .orElse(List.of());
    return new StreamsEventResponse(failures);
  }

  /** A record of the event as a {@link StreamChange}; never throws, what is missing stays empty. */
  static StreamChange toChange(
      com.amazonaws.services.lambda.runtime.events.models.dynamodb.Record record) {
    var stream = record.getDynamodb();
    return new StreamChange(
        stream == null ? null : stream.getSequenceNumber(),
        String.valueOf(record.getEventName()),
        stream == null ? Map.of() : StreamChanges.strings(stream.getKeys(), a -> a.getS()),
        stream == null ? Map.of() : StreamChanges.strings(stream.getNewImage(), a -> a.getS()));
  }

  private static DynamoDbClient lambdaClient() {
    // Lambda sets AWS_REGION and the credential variables: no profile files, no metadata service
    return DynamoDbClient.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(DefaultAwsRegionProviderChain.builder().build().getRegion())
        .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
        .build();
  }
}
