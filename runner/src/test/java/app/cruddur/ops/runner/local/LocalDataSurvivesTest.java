package app.cruddur.ops.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.internal.local.LocalState;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.Eventually;
import app.cruddur.ops.runner.testing.HermeticEnvironment;
import app.cruddur.ops.runner.testing.QuietPorts;
import app.cruddur.ops.runner.testing.TestPaths;
import app.cruddur.ops.runner.testing.TestProject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The local environment keeps its word, through the CLI, on a private environment: it says when it
 * starts (with its ports) and what DynamoDB and Cognito came back with; down/up keeps tables,
 * items, the stream's consumer, the pool, its users' subs and passwords, and the ports; a killed
 * moto loses only what came after its last snapshot, and the next command says since when; a killed
 * supervisor loses nothing; a recorded port taken by someone else is a clear error; a snapshot that
 * cannot be read is said, and kept; a release whose engine dies fails within a bound (exit 4, its
 * step recorded as failed), and the next one finishes the job: a migration whose checkpointed pages
 * moto lost starts its run again rather than skip them. Snapshots here are taken at stop only
 * (CRUDDUR_MOTO_SNAPSHOT_EVERY), so that what a kill loses is known.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalDataSurvivesTest {
  static final Path DIR = TestPaths.target("survives-local");
  static final String GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";
  static final Cli cli = Cli.in(DIR).env("CRUDDUR_MOTO_SNAPSHOT_EVERY", "3600");

  /** How long a release whose engine died may take to fail. */
  static final Duration ENGINE_LOST_BOUND = Duration.ofSeconds(90);

  /** The project of the migration whose writes are lost (orders 6 and 7). */
  static TestProject migrating;

  static final String RESTORED =
      "DynamoDB and Cognito restored from the snapshot of \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z"
          + " \\(1 table, \\d+ items; 1 user pool, 2 users, in \\d+\\.\\d s\\)";

  @BeforeAll
  static void clean() {
    LocalEnvironment.at(DIR, HermeticEnvironment.variables()).reset();
  }

  @AfterAll
  static void stop() {
    LocalEnvironment.at(DIR, HermeticEnvironment.variables()).down();
  }

  @Test
  @Order(1)
  void downAndUpKeepTablesItemsStreamConsumerPoolUsersAndPorts() throws Exception {
    Cli.Result first =
        cli.run(
            LocalEnvironmentLifecycleTest.concat(
                new String[] {"local", "up"}, QuietPorts.upOptions()));
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Cli.Result release = cli.run("release");
    assertThat(release.exitCode()).as(release.toString()).isZero();
    LocalEndpoints before = endpoints();
    assertThat(first.err())
        .contains(
            "Starting the local environment in "
                + DIR
                + ": PostgreSQL on 127.0.0.1:"
                + before.postgresPort()
                + ", moto (DynamoDB, Cognito) on 127.0.0.1:"
                + before.awsEndpoint().getPort()
                + " …")
        .contains("DynamoDB and Cognito start empty (first start: no snapshot yet)");
    String poolId = poolId(before);
    setPassword(before, poolId, "bayko", "Dev-Passw0rd!");
    String users = cli.run("cognito", "list-users").out();
    TableDescription table = describe(before);
    send("kept");

    assertThat(cli.run("local", "down").exitCode()).isZero();
    Cli.Result up = cli.run("local", "up");

    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.err()).containsPattern(RESTORED).doesNotContain("lost");
    assertThat(up.out()).containsPattern("at start: " + RESTORED);
    LocalEndpoints after = endpoints();
    assertThat(after.postgresPort()).isEqualTo(before.postgresPort());
    assertThat(after.awsEndpoint()).isEqualTo(before.awsEndpoint());
    assertThat(cli.run("release").out()).contains("Nothing to do");
    assertThat(cli.run("cognito", "list-users").out()).isEqualTo(users);
    TableDescription restored = describe(after);
    assertThat(restored.creationDateTime()).isEqualTo(table.creationDateTime());
    assertThat(restored.latestStreamArn()).isEqualTo(table.latestStreamArn());
    assertThat(restored.globalSecondaryIndexes()).isEqualTo(table.globalSecondaryIndexes());
    assertThat(restored.itemCount()).isEqualTo(table.itemCount() + 1);
    assertThat(signIn(after, poolId, "bayko", "Dev-Passw0rd!")).isTrue();
    assertThat(cli.run("ddb", "get-conversation", GROUP).out()).contains("kept");
    // the stream's consumer works on the restored stream: pattern E moves the group rows
    send("after up");
    Eventually.until(
        () -> cli.run("ddb", "list-conversations", "yaya2devops").out(),
        o -> o.contains("after up"));
  }

  @Test
  @Order(2)
  void aKilledMotoLosesOnlyWhatCameAfterItsSnapshotAndTheNextCommandSaysSince() throws Exception {
    send("lost one");
    kill(state().motoPid());

    Cli.Result next = cli.run("ddb", "get-conversation", GROUP);

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.err())
        .containsPattern(
            RESTORED
                + "; changes since \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z are lost: moto stopped without"
                + " saving them \\(it was killed, or the machine went down\\)");
    // the last snapshot is the one taken at the last down: what came after it is gone
    assertThat(next.out()).contains("kept").doesNotContain("after up").doesNotContain("lost one");
  }

  @Test
  @Order(3)
  void aKilledSupervisorLosesNothing() {
    send("kept too");
    kill(state().supervisorPid());

    Cli.Result next = cli.run("ddb", "get-conversation", GROUP);

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.err()).containsPattern(RESTORED).doesNotContain("lost");
    assertThat(next.out()).contains("kept too");
  }

  @Test
  @Order(4)
  void aRecordedPortTakenByAnotherProcessIsAClearErrorAndTheEnvironmentKeepsItsPorts()
      throws Exception {
    LocalEndpoints before = endpoints();
    int moto = before.awsEndpoint().getPort();
    assertThat(cli.run("local", "down").exitCode()).isZero();
    assertThat(LocalEnvironment.at(DIR, HermeticEnvironment.variables()).keptPorts())
        .contains(new LocalPorts(OptionalInt.of(before.postgresPort()), OptionalInt.of(moto)));
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), moto));

      Cli.Result up = cli.run("local", "up");

      assertThat(up.exitCode()).isEqualTo(4);
      assertThat(up.errorLine())
          .startsWith(
              "error: port "
                  + moto
                  + " on 127.0.0.1, this checkout's moto port (kept in "
                  + DIR.resolve("ports.json")
                  + "), is held by another process: pid "
                  + ProcessHandle.current().pid()
                  + " (")
          .containsPattern(
              "\\. Stop that process and rerun, or move this checkout's moto to another port:"
                  + " cruddur local up --moto-port \\d+ \\(kept from then on; `cruddur local env`"
                  + " prints the new endpoints\\)$");
    }
    assertThat(cli.run("local", "up").exitCode()).isZero();
    assertThat(endpoints()).isEqualTo(before);
  }

  @Test
  @Order(5)
  void aSnapshotThatCannotBeReadIsSaidAndKept() throws Exception {
    assertThat(cli.run("local", "down").exitCode()).isZero();
    Path snapshot = DIR.resolve("moto-state").resolve("state.pickle");
    Files.writeString(snapshot, "not a snapshot");

    Cli.Result up = cli.run("local", "up");

    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.err())
        .containsPattern(
            "DynamoDB and Cognito came back EMPTY: the snapshot of an unknown time could not be"
                + " restored \\(\\w+: .*; it is kept as "
                + java.util.regex.Pattern.quote(snapshot + ".unreadable")
                + "\\)");
    assertThat(Files.readString(Path.of(snapshot + ".unreadable"))).isEqualTo("not a snapshot");
  }

  @Test
  @Order(6)
  void aMigrationWhoseWritesWereLostStartsItsRunAgainAndChangesEveryItem() throws Exception {
    migrating =
        TestProject.copyOfRepository("survives-migration")
            .write(
                "seeders/V020__volume.yaml",
                "kind: dynamodb-seed\n"
                    + "contexts: [dev]\n"
                    + "synthetic: {users: 4, groups: 4, messages: 200}\n");
    Cli here = cli.projectDir(migrating.dir());
    Cli.Result seeded = here.run("release");
    assertThat(seeded.exitCode()).as(seeded.toString()).isZero();
    // the snapshot holds the seeded table; nothing after it is saved until moto stops
    assertThat(here.run("local", "down").exitCode()).isZero();
    assertThat(here.run("local", "up").exitCode()).isZero();
    LocalEndpoints e = endpoints();
    migrating.write(
        "seeders/V021__sender.yaml",
        """
        kind: dynamodb-migration
        description: A sender on every message
        select:
          scan: {segments: 4, page_size: 10}
          when: "begins_with(pk, 'MSG#')"
        change:
          set:
            sender: "concat('@', user_handle)"
        budget: {max_items_per_second: 100}
        """);
    CruddurProcess release = CruddurProcess.start(migrating.dir(), DIR, "release");
    // pages recorded in PostgreSQL whose writes only moto's memory holds
    while (pagesRecorded(e, "V021") < 2) {
      assertThat(release.isAlive()).as("the migration is still running").isTrue();
      Thread.sleep(50);
    }
    kill(state().motoPid());
    long killedAt = System.nanoTime();
    Cli.Result failed = release.await(ENGINE_LOST_BOUND);
    // the release whose engine died fails within a bound, its step recorded as failed
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(ENGINE_LOST_BOUND);
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(4);
    assertThat(failed.errorLine())
        .startsWith("error: V021 (seeders/V021__sender.yaml) failed: cannot reach DynamoDB");
    assertThat(
            LocalEnvironmentLifecycleTest.queryOne(
                e,
                "SELECT outcome FROM cruddur_release_ledger WHERE step = 'V021' ORDER BY id DESC"
                    + " LIMIT 1"))
        .isEqualTo("FAILED");

    Cli.Result next = here.run("release");

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.err())
        .contains("changes since ")
        .contains(
            " are lost: moto stopped without saving them (it was killed, or the machine went"
                + " down)");
    List<Map<String, AttributeValue>> messages = messages();
    assertThat(messages).hasSize(24 + 200);
    assertThat(withoutSender(messages)).as("messages without their sender").isEmpty();
    assertThat(next.err())
        .contains("V021 starts its run of ")
        .contains(" again: the local engine came back without the changes since ");
  }

  @Test
  @Order(7)
  void aPausedSeedAndAFinishedMigrationWhoseWritesWereLostAreWrittenAgainWhole() throws Exception {
    assertThat(migrating).as("the migration's project, from the test before").isNotNull();
    migrating.write(
        "seeders/V022__more.yaml",
        "kind: dynamodb-seed\n"
            + "contexts: [dev]\n"
            + "synthetic: {users: 4, groups: 4, messages: 1500}\n");
    Cli here = cli.projectDir(migrating.dir());
    // moto's snapshot is still the one of the last down: V021's run since, and V022, are in memory
    Cli.Result paused = here.run("release", "--time-box", "200ms");
    assertThat(paused.exitCode()).as(paused.toString()).isEqualTo(6);
    assertThat(paused.out()).contains("paused after ");
    kill(state().motoPid());

    Cli.Result next = here.run("release");

    assertThat(next.exitCode()).as(next.toString()).isZero();
    List<Map<String, AttributeValue>> messages = messages();
    // the same synthetic groups as V020's: V022's messages replace theirs
    assertThat(messages).hasSize(24 + 1500);
    assertThat(withoutSender(messages))
        .as("messages without their sender: V022's own, written after the migration, only")
        .hasSize(1500);
    assertThat(next.err()).contains("V021 starts its run of ");
  }

  /** Every message of the table. */
  private static List<Map<String, AttributeValue>> messages() {
    try (DynamoDbClient dynamo = LocalEnvironmentLifecycleTest.dynamo(endpoints())) {
      return dynamo.scanPaginator(b -> b.tableName("cruddur-messages")).items().stream()
          .filter(item -> item.get("pk").s().startsWith("MSG#"))
          .toList();
    }
  }

  /** The keys of the messages whose {@code sender} is not {@code @<user_handle>}. */
  private static List<String> withoutSender(List<Map<String, AttributeValue>> messages) {
    return messages.stream()
        .filter(
            item ->
                !AttributeValue.fromS("@" + item.get("user_handle").s()).equals(item.get("sender")))
        .map(item -> item.get("pk").s() + " " + item.get("sk").s())
        .toList();
  }

  /** Pages of {@code step}'s migration runs recorded so far (0 before its tables exist). */
  private static long pagesRecorded(LocalEndpoints e, String step) {
    try {
      return Long.parseLong(
          LocalEnvironmentLifecycleTest.queryOne(
              e,
              "SELECT coalesce(sum(g.pages), 0) FROM cruddur_migration_segment g JOIN"
                  + " cruddur_migration_run r USING (run_id) WHERE r.step = '"
                  + step
                  + "'"));
    } catch (Exception notYet) {
      return 0;
    }
  }

  private static void send(String text) {
    Cli.Result sent =
        cli.run("ddb", "send-message", "--from", "bayko", "--to", "yaya2devops", "--text", text);
    assertThat(sent.exitCode()).as(sent.toString()).isZero();
  }

  /** kill -9, and wait until it is gone. */
  private static void kill(long pid) {
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly();
    process.onExit().join();
  }

  private static LocalState state() {
    return LocalState.read(DIR.resolve("state.json")).orElseThrow();
  }

  private static LocalEndpoints endpoints() {
    return LocalEnvironment.at(DIR, HermeticEnvironment.variables())
        .status()
        .endpoints()
        .orElseThrow(() -> new AssertionError("not up"));
  }

  private static TableDescription describe(LocalEndpoints e) {
    try (DynamoDbClient dynamo = LocalEnvironmentLifecycleTest.dynamo(e)) {
      return dynamo.describeTable(b -> b.tableName("cruddur-messages")).table();
    }
  }

  private static String poolId(LocalEndpoints e) {
    try (CognitoIdentityProviderClient cognito = LocalEnvironmentLifecycleTest.cognito(e)) {
      return cognito.listUserPools(b -> b.maxResults(10)).userPools().get(0).id();
    }
  }

  private static void setPassword(LocalEndpoints e, String pool, String user, String password) {
    try (CognitoIdentityProviderClient cognito = LocalEnvironmentLifecycleTest.cognito(e)) {
      String username = usernameOf(cognito, pool, user);
      cognito.adminSetUserPassword(
          b -> b.userPoolId(pool).username(username).password(password).permanent(true));
    }
  }

  private static boolean signIn(LocalEndpoints e, String pool, String user, String password) {
    try (CognitoIdentityProviderClient cognito = LocalEnvironmentLifecycleTest.cognito(e)) {
      String client =
          cognito
              .listUserPoolClients(b -> b.userPoolId(pool).maxResults(10))
              .userPoolClients()
              .get(0)
              .clientId();
      String username = usernameOf(cognito, pool, user);
      return cognito
              .adminInitiateAuth(
                  b ->
                      b.userPoolId(pool)
                          .clientId(client)
                          .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                          .authParameters(Map.of("USERNAME", username, "PASSWORD", password)))
              .authenticationResult()
          != null;
    }
  }

  private static String usernameOf(
      CognitoIdentityProviderClient cognito, String pool, String handle) {
    return cognito.listUsers(b -> b.userPoolId(pool)).users().stream()
        .filter(
            u ->
                u.attributes().stream()
                    .anyMatch(
                        a -> a.name().equals("preferred_username") && a.value().equals(handle)))
        .findFirst()
        .orElseThrow()
        .username();
  }
}
