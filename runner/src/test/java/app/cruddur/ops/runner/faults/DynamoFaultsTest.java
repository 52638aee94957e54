package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.AwsCallStats;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.testing.Faults;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * A release whose seed meets DynamoDB's bad day: unprocessed items, ProvisionedThroughputExceeded
 * and throttling errors for a share of the calls, injected into the real engine's answers. Every
 * item lands, and the retries and time spent show in the result (json) and the debug log.
 */
@ExtendWith(SharedLocalEnvironment.class)
class DynamoFaultsTest {

  @Test
  void aSeedUnderUnprocessedItemsAndThrottlingLandsEveryItemAndShowsItsRetries() {
    TestProject project =
        TestProject.copyOfRepository("dynamo-faults")
            .write(
                "seeders/V005__volume.yaml",
                "kind: dynamodb-seed\n"
                    + "contexts: [dev]\n"
                    + "synthetic: {users: 12, groups: 6, messages: 1000}\n");
    TestTarget target = TestTarget.fresh("dynamo-faults");
    Faults.UnprocessedItems unprocessed = new Faults.UnprocessedItems(3);
    Faults.Throttling throttling = new Faults.Throttling(BatchWriteItemRequest.class, 4);
    List<String> debug = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            debug.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger engine = Logger.getLogger("app.cruddur.ops.runner.internal.operations.release.Apply");
    engine.addHandler(capture);
    engine.setLevel(Level.FINE);

    ReleaseResult result;
    try (Release release =
        Release.configure()
            .projectDirectory(project.dir())
            .target(
                Target.local(SharedLocalEnvironment.dir()).withDatabaseUrl(target.databaseUrl()))
            .resourceNames(ResourceNames.defaults().withTableName(target.table()))
            .interceptor(unprocessed)
            .interceptor(throttling)
            .load()) {
      result = release.apply();
    } finally {
      engine.removeHandler(capture);
      engine.setLevel(null);
    }

    assertThat(unprocessed.injected()).isPositive();
    assertThat(throttling.injected()).isPositive();
    assertThat(itemCount(target)).isEqualTo(24 + 2 + 1000 + 12);
    StepResult volume =
        result.applied().stream().filter(s -> s.version().equals("V005")).findFirst().orElseThrow();
    assertThat(volume.details().get("unprocessedRetries").asLong()).isPositive();
    assertThat(volume.details().get("throttledRetries").asLong()).isPositive();
    assertThat(volume.details().get("backoffMillis").asLong()).isPositive();
    AwsCallStats batches =
        result.awsCalls().stream()
            .filter(c -> c.operation().equals("DynamoDb.BatchWriteItem"))
            .findFirst()
            .orElseThrow();
    assertThat(batches.retries()).as("the SDK's own retries are counted").isPositive();
    assertThat(debug)
        .anySatisfy(
            line ->
                assertThat(line).startsWith("DynamoDb.BatchWriteItem: ").contains("SDK retries"));
  }

  static long itemCount(TestTarget target) {
    try (DynamoDbClient dynamo = target.dynamo()) {
      long count = 0;
      for (ScanResponse page :
          dynamo.scanPaginator(b -> b.tableName(target.table()).select(Select.COUNT))) {
        count += page.count();
      }
      return count;
    }
  }
}
