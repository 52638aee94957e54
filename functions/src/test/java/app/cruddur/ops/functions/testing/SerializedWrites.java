package app.cruddur.ops.functions.testing;

import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * The real client, with its writes made one at a time across threads: the isolation DynamoDB gives
 * transactions, which moto's server does not. moto applies a transaction's items one by one and,
 * when one fails its condition, restores a copy of the whole table taken before, which also undoes
 * whatever another thread wrote meanwhile. Readers and the decisions they make stay concurrent.
 */
public final class SerializedWrites extends ForwardingDynamoDb {
  private static final Object WRITES = new Object();

  public SerializedWrites(DynamoDbClient real) {
    super(real);
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    return alone(() -> real.transactWriteItems(request));
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    return alone(() -> real.deleteItem(request));
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    return alone(() -> real.putItem(request));
  }

  private static <T> T alone(Supplier<T> write) {
    synchronized (WRITES) {
      return write.get();
    }
  }
}
