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
 * The real client, with its writes made one at a time across threads: the isolation DynamoDB gives
 * transactions, which moto's server does not. moto applies a transaction's items one by one and,
 * when one fails its condition, restores a copy of the whole table taken before, which also undoes
 * whatever another thread wrote meanwhile. Readers and the decisions they make stay concurrent.
 */
public final class SerializedWrites implements DynamoDbClient {
  private static final Object WRITES = new Object();
  private final DynamoDbClient real;

  public SerializedWrites(DynamoDbClient real) {
    this.real = real;
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    return real.query(request);
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    synchronized (WRITES) {
      return real.transactWriteItems(request);
    }
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    synchronized (WRITES) {
      return real.deleteItem(request);
    }
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    synchronized (WRITES) {
      return real.putItem(request);
    }
  }

  @Override
  public String serviceName() {
    return real.serviceName();
  }

  @Override
  public void close() {}
}
