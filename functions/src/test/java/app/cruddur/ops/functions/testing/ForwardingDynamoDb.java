package app.cruddur.ops.functions.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;

/**
 * The real client for what the mover calls, for tests to override one call of (a race, a fault,
 * serialized writes). Closing it leaves the real client open.
 */
public abstract class ForwardingDynamoDb implements DynamoDbClient {
  protected final DynamoDbClient real;

  protected ForwardingDynamoDb(DynamoDbClient real) {
    this.real = real;
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    return real.query(request);
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    return real.transactWriteItems(request);
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    return real.deleteItem(request);
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    return real.putItem(request);
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {}
}
