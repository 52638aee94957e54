package app.cruddur.ops.functions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Converts what a DynamoDB stream reader gets to {@link StreamChange}: the SDK's DynamoDB Streams
 * records (a local poller reading GetRecords) here, Lambda's event records in {@link
 * MessageStreamHandler}. Non-string attributes are dropped; a message missing one of its string
 * attributes is then reported as malformed by the processor. No Lambda type is used here, so
 * callers outside Lambda need none of its libraries.
 */
public final class StreamChanges {
  private StreamChanges() {}

  /** A record returned by the SDK's {@code DynamoDbStreamsClient.getRecords}. Never throws. */
  public static StreamChange fromSdk(software.amazon.awssdk.services.dynamodb.model.Record record) {
    var stream = record.dynamodb();
    return new StreamChange(
        stream == null ? null : stream.sequenceNumber(),
        String.valueOf(record.eventNameAsString()),
        stream == null || !stream.hasKeys() ? Map.of() : strings(stream.keys(), a -> a.s()),
        stream == null || !stream.hasNewImage()
            ? Map.of()
            : strings(stream.newImage(), a -> a.s()));
  }

  static <A> Map<String, String> strings(
      Map<String, A> attributes, Function<A, String> stringValue) {
    Map<String, String> strings = new LinkedHashMap<>();
    if (attributes != null) {
      attributes.forEach(
          (name, value) -> {
            String s = value == null ? null : stringValue.apply(value);
            if (s != null) {
              strings.put(name, s);
            }
          });
    }
    return strings;
  }
}
