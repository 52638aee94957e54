package app.cruddur.ops.bench;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * The benchmarks' own SDK client for one engine: creates the model's messages table under a fresh
 * name, counts and reads its items, drops it. Built like the runner's clients (one Apache 5 HTTP
 * client, standard retries, the static test credentials every local engine takes); it is also the
 * client of the raw BatchWriteItem loop.
 */
public final class BenchTables implements AutoCloseable {
  /** Credentials and region of every engine on 127.0.0.1 (they accept anything). */
  public static final String ACCESS_KEY = "test";

  public static final String SECRET_KEY = "test";
  public static final String REGION = "us-east-1";

  private final DynamoDbClient dynamo;

  public BenchTables(URI endpoint) {
    this.dynamo =
        DynamoDbClient.builder()
            .endpointOverride(endpoint)
            .region(Region.of(REGION))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .overrideConfiguration(
                o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(60)))
            .httpClient(Apache5HttpClient.builder().maxConnections(64).build())
            .build();
  }

  /** The client. */
  public DynamoDbClient dynamo() {
    return dynamo;
  }

  /**
   * Creates the model's table (key schema, GSI, stream where the engine has them) as {@code name};
   * waits until ACTIVE.
   */
  public void create(String name) {
    drop(name);
    dynamo.createTable(TableSchema.createRequest(MessagesTable.definition(name)));
    TableSchema.awaitActive(dynamo, name);
  }

  /** What fills a table. */
  @FunctionalInterface
  public interface Load {
    void run() throws InterruptedException;
  }

  /**
   * Creates the model's table as {@code name} with its stream off, runs {@code load}, then turns
   * the stream on as the model has it: the table ends as {@link #create} makes it, but the stream
   * holds none of the load's records. The local environment's stream poller (pattern E) reads the
   * stream of every messages table; a benchmark that measures what comes after a load would
   * otherwise measure it alongside the poller working through the load's records.
   */
  public void createLoadedQuietly(String name, Load load) throws InterruptedException {
    drop(name);
    CreateTableRequest request = TableSchema.createRequest(MessagesTable.definition(name));
    dynamo.createTable(request.toBuilder().streamSpecification((StreamSpecification) null).build());
    TableSchema.awaitActive(dynamo, name);
    load.run();
    if (request.streamSpecification() != null) {
      dynamo.updateTable(b -> b.tableName(name).streamSpecification(request.streamSpecification()));
      TableSchema.awaitActive(dynamo, name);
    }
  }

  /** How many items it holds (every page). */
  public long count(String name) {
    long n = 0;
    for (ScanResponse page : dynamo.scanPaginator(b -> b.tableName(name).select(Select.COUNT))) {
      n += page.count();
    }
    return n;
  }

  /** Every item, by "pk / sk". */
  public Map<String, Map<String, AttributeValue>> items(String name) {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    for (ScanResponse page : dynamo.scanPaginator(b -> b.tableName(name))) {
      for (Map<String, AttributeValue> item : page.items()) {
        items.put(item.get(MessagesTable.PK).s() + " / " + item.get(MessagesTable.SK).s(), item);
      }
    }
    return items;
  }

  /** Deletes it, if it exists, and waits until it is gone. */
  public void drop(String name) {
    try {
      dynamo.deleteTable(b -> b.tableName(name));
      TableSchema.awaitDeleted(dynamo, name);
    } catch (ResourceNotFoundException absent) {
      // nothing to drop
    }
  }

  @Override
  public void close() {
    dynamo.close();
  }
}
