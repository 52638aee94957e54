package app.cruddur.ops.functions.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A test class on the shared moto server, with one DynamoDB client for the whole class. */
@ExtendWith(MotoServer.class)
public abstract class OnMoto {
  protected static DynamoDbClient dynamo;

  @BeforeAll
  static void connect() {
    dynamo = MotoServer.dynamoDb();
  }

  @AfterAll
  static void disconnect() {
    dynamo.close();
  }
}
