package app.cruddur.ops.functions.testing;

import app.cruddur.ops.model.Message;
import app.cruddur.ops.model.MessagesTable;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Lambda's DynamoDB stream events as the service delivers them (NEW_IMAGE view). */
public final class LambdaEvents {
  private LambdaEvents() {}

  /** An event of {@code records}, in stream order. */
  public static DynamodbEvent batch(DynamodbEvent.DynamodbStreamRecord... records) {
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(List.of(records));
    return event;
  }

  /** The INSERT record of a message item. */
  public static DynamodbEvent.DynamodbStreamRecord inserted(
      String sequenceNumber, Message message) {
    return record(sequenceNumber, "INSERT", message.toAttributes());
  }

  /** A record of {@code eventName} whose new image is {@code item} (keys taken from it). */
  public static DynamodbEvent.DynamodbStreamRecord record(
      String sequenceNumber, String eventName, Map<String, String> item) {
    Map<String, AttributeValue> image = new LinkedHashMap<>();
    item.forEach((name, value) -> image.put(name, new AttributeValue().withS(value)));
    Map<String, AttributeValue> keys = new LinkedHashMap<>();
    for (String key : Arrays.asList(MessagesTable.PK, MessagesTable.SK)) {
      if (image.containsKey(key)) {
        keys.put(key, image.get(key));
      }
    }
    StreamRecord stream =
        new StreamRecord()
            .withSequenceNumber(sequenceNumber)
            .withKeys(keys)
            .withNewImage("REMOVE".equals(eventName) ? null : image)
            .withStreamViewType(
                com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
                    .NEW_IMAGE);
    DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
    record.setEventName(eventName);
    record.setEventSource("aws:dynamodb");
    record.setAwsRegion("us-east-1");
    record.setDynamodb(stream);
    return record;
  }
}
