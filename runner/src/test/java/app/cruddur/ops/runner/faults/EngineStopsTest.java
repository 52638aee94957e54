package app.cruddur.ops.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.internal.local.LocalState;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.HermeticEnvironment;
import app.cruddur.ops.runner.testing.TestPaths;
import app.cruddur.ops.runner.testing.TestProject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The DynamoDB engine dies in the middle of a release (a private local environment, so that only
 * this test loses it): the release fails within a bounded time with exit 4 and the step recorded as
 * failed; the next release restarts the engine from its last snapshot, says what was lost, and
 * finishes the job.
 */
class EngineStopsTest {
  static final Path DIR = TestPaths.target("engine-stops-local");
  static final Duration BOUND = Duration.ofSeconds(90);

  @AfterEach
  void stop() {
    LocalEnvironment.at(DIR).down();
  }

  @Test
  void aReleaseWhoseEngineStopsFailsWithExitFourAndTheNextOneFinishes() throws Exception {
    LocalEnvironment environment = LocalEnvironment.at(DIR, HermeticEnvironment.variables());
    environment.reset();
    LocalEndpoints endpoints = environment.ensureUp().endpoints().orElseThrow();
    TestProject project =
        TestProject.copyOfRepository("engine-stops")
            .write(
                "seeders/V005__volume.yaml",
                "kind: dynamodb-seed\n"
                    + "contexts: [dev]\n"
                    + "synthetic: {users: 20, groups: 10, messages: 5000}\n");

    CruddurProcess release = CruddurProcess.start(project.dir(), DIR, "release");
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (items(endpoints) < 300) {
      assertThat(System.nanoTime()).as("the seed started").isLessThan(deadline);
      assertThat(release.isAlive()).as("the release is still seeding").isTrue();
      Thread.sleep(100);
    }
    long moto = LocalState.read(DIR.resolve("state.json")).orElseThrow().motoPid();
    ProcessHandle.of(moto).orElseThrow().destroyForcibly();
    long killedAt = System.nanoTime();

    Cli.Result failed = release.await(BOUND);

    assertThat(Duration.ofNanos(System.nanoTime() - killedAt))
        .as("failed within a bound")
        .isLessThan(BOUND);
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(4);
    assertThat(failed.errorLine())
        .startsWith("error: V005 (seeders/V005__volume.yaml) failed: cannot reach DynamoDB");
    assertThat(ledgerOutcome(endpoints, "V005")).isEqualTo("FAILED");

    Cli.Result next = Cli.in(DIR).projectDir(project.dir()).run("release");

    assertThat(next.exitCode()).as(next.toString()).isZero();
    // the restart restored moto's last snapshot and says that the writes after it are lost
    assertThat(next.err())
        .contains("changes since ")
        .contains(
            " are lost: moto stopped without saving them (it was killed, or the machine went"
                + " down)");
    assertThat(next.out()).contains("V005");
    LocalEndpoints restarted = LocalEnvironment.at(DIR).status().endpoints().orElseThrow();
    assertThat(items(restarted)).as(next.toString()).isEqualTo(24 + 2 + 5000 + 20);
  }

  private static long items(LocalEndpoints e) {
    try (DynamoDbClient dynamo =
        DynamoDbClient.builder()
            .endpointOverride(e.awsEndpoint())
            .region(Region.of(e.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      long count = 0;
      for (ScanResponse page :
          dynamo.scanPaginator(b -> b.tableName("cruddur-messages").select(Select.COUNT))) {
        count += page.count();
      }
      return count;
    } catch (RuntimeException notYet) {
      return 0;
    }
  }

  private static String ledgerOutcome(LocalEndpoints e, String step) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", e.user());
    p.setProperty("password", e.password());
    try (Connection c = DriverManager.getConnection(e.jdbcUrl(), p);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT outcome FROM cruddur_release_ledger WHERE step = '"
                    + step
                    + "' ORDER BY id DESC LIMIT 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
