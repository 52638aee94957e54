package app.cruddur.ops.runner.ddb;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.Conversations;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.Targets;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.SeedSummary;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.api.WriteOptions;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.Faults;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/** The ddb commands and seeds on the real local engine, each test on its own database and table. */
class DdbCommandsTest extends LocalSliceTest {
  static final String GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";
  static final ObjectMapper JSON = new ObjectMapper();

  long itemCount() {
    try (DynamoDbClient dynamo = target.dynamo()) {
      long count = 0;
      for (ScanResponse page :
          dynamo.scanPaginator(b -> b.tableName(target.table()).select(Select.COUNT))) {
        count += page.count();
      }
      return count;
    }
  }

  Release release(ExecutionInterceptor... interceptors) {
    Release.Builder b =
        Release.configure()
            .projectDirectory(project.dir())
            .target(
                Target.local(SharedLocalEnvironment.dir()).withDatabaseUrl(target.databaseUrl()))
            .resourceNames(ResourceNames.defaults().withTableName(target.table()));
    for (ExecutionInterceptor i : interceptors) {
      b.interceptor(i);
    }
    return b.load();
  }

  Conversations conversations(ExecutionInterceptor... interceptors) {
    return Conversations.connect(
        Targets.resolve(
            Target.local(SharedLocalEnvironment.dir()).withDatabaseUrl(target.databaseUrl()),
            ResourceNames.defaults().withTableName(target.table()),
            Map.of()),
        Map.of(),
        List.of(interceptors));
  }

  /**
   * The dev conversation's last line: at V004's first application (to the second), unless that is
   * in its year's first minutes.
   */
  java.time.Instant devConversationEnd() {
    java.time.Instant first =
        java.time.Instant.parse(
            target.queryOne(
                "SELECT to_char(min(started_at) AT TIME ZONE 'UTC',"
                    + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM cruddur_release_ledger WHERE step ="
                    + " 'V004'"));
    java.time.Instant earliest =
        java.time.Year.from(first.atOffset(java.time.ZoneOffset.UTC))
            .atDay(1)
            .atStartOfDay()
            .toInstant(java.time.ZoneOffset.UTC)
            .plus(Duration.ofMinutes(23));
    return first.isBefore(earliest) ? earliest : first;
  }

  @Test
  void afterAReleaseTheDevConversationReadsNewestFirstAndRerunsChangeNothing() throws Exception {
    assertThat(run("release").exitCode()).isZero();
    long seeded = itemCount();
    java.time.format.DateTimeFormatter shown =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(java.time.ZoneOffset.UTC);
    java.time.Instant end = devConversationEnd();

    Cli.Result conversation = run("ddb", "get-conversation", GROUP);
    Cli.Result groups = run("ddb", "list-conversations", "yaya2devops");

    assertThat(seeded).isEqualTo(24 + 2);
    assertThat(conversation.exitCode()).as(conversation.toString()).isZero();
    List<String> lines = conversation.out().lines().toList();
    assertThat(lines.get(0)).startsWith("HANDLE");
    assertThat(lines.get(1))
        .startsWith("bayko")
        .contains(shown.format(end), "Deal. I'll bring the snacks.");
    assertThat(lines.get(2)).startsWith("yaya2devops").contains(shown.format(end.minusSeconds(60)));
    assertThat(lines).hasSize(1 + 20);
    assertThat(groups.out()).contains("bayko", GROUP, "Deal. I'll bring the snacks.");

    assertThat(run("ddb", "seed").exitCode()).isZero();
    assertThat(run("release").out()).contains("Nothing to do");
    assertThat(itemCount()).isEqualTo(seeded);
  }

  @Test
  void conversationWindowAndJsonOutput() throws Exception {
    project.write(
        "seeders/V004__dev_conversation.yaml",
        project
            .read("seeders/V004__dev_conversation.yaml")
            .replace("anchor: first-application", "anchor: 2026-11-01T10:00:00Z"));
    assertThat(run("release").exitCode()).isZero();

    Cli.Result r =
        run(
            "ddb",
            "get-conversation",
            GROUP,
            "--since",
            "2026-11-01T10:05:00Z",
            "--until",
            "2026-11-01T10:07:00Z",
            "-o",
            "json");

    JsonNode messages = JSON.readTree(r.out()).get("result").get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0).get("createdAt").asText()).isEqualTo("2026-11-01T10:07:00Z");
    assertThat(messages.get(2).get("sender").get("handle").asText()).isEqualTo("bayko");
  }

  @Test
  void listTablesFollowsEveryPage() {
    List<String> created = new ArrayList<>();
    try (DynamoDbClient dynamo = target.dynamo()) {
      for (int i = 0; i < 105; i++) {
        String name = target.table() + "-page-" + i;
        dynamo.createTable(
            b ->
                b.tableName(name)
                    .billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                    .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        created.add(name);
      }
      Cli.Result r = run("ddb", "list-tables", "-o", "json");

      assertThat(r.exitCode()).isZero();
      List<String> listed = new ArrayList<>();
      JSON.readTree(r.out()).get("result").get("tables").forEach(t -> listed.add(t.asText()));
      assertThat(listed).containsAll(created);
      created.forEach(name -> dynamo.deleteTable(b -> b.tableName(name)));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void scanAndQueryReadBeyondOnePage() throws Exception {
    assertThat(run("db", "update").exitCode()).isZero();
    assertThat(run("ddb", "schema-load").exitCode()).isZero();
    try (Conversations c = conversations()) {
      c.seedSynthetic(4, 1, 2500, WriteOptions.defaults(), (done, total) -> {});
    }

    Cli.Result scan = run("ddb", "scan", target.table(), "-o", "json");
    Cli.Result scanText = run("ddb", "scan", target.table(), "--limit", "5");
    String group = JSON.readTree(scan.out()).get("result").get("items").get(0).get("pk").asText();

    assertThat(JSON.readTree(scan.out()).get("result").get("count").asLong()).isEqualTo(2502);
    assertThat(scanText.out().lines()).hasSize(5);
    assertThat(scanText.err()).contains("stopped at --limit");

    String groupUuid = findGroup(scan);
    Cli.Result query = run("ddb", "get-conversation", groupUuid, "--limit", "1500", "-o", "json");
    JsonNode messages = JSON.readTree(query.out()).get("result").get("messages");
    assertThat(messages).hasSize(1500);
    assertThat(messages.get(0).get("text").asText()).isEqualTo("synthetic message 2499 in group 0");
    assertThat(messages.get(1499).get("text").asText())
        .isEqualTo("synthetic message 1000 in group 0");
    assertThat(group).isNotBlank();
  }

  private static String findGroup(Cli.Result scan) throws Exception {
    for (JsonNode item : JSON.readTree(scan.out()).get("result").get("items")) {
      if (item.has("message_group_uuid")) {
        return item.get("message_group_uuid").asText();
      }
    }
    throw new AssertionError("no group row in the scan");
  }

  @Test
  void sendingToSomeoneWithoutAGroupCreatesItAtomicallyAndThenReusesIt() throws Exception {
    assertThat(run("release").exitCode()).isZero();
    target.execute(
        "INSERT INTO users (handle, display_name) VALUES ('andrewbrown', 'Andrew Brown')");

    Cli.Result first =
        run(
            "ddb",
            "send-message",
            "--from",
            "yaya2devops",
            "--to",
            "andrewbrown",
            "--text",
            "hello",
            "-o",
            "json");
    assertThat(first.exitCode()).as(first.toString()).isZero();
    JsonNode sent = JSON.readTree(first.out()).get("result");
    assertThat(sent.get("newGroup").asBoolean()).isTrue();
    String group = sent.get("message").get("groupUuid").asText();

    assertThat(run("ddb", "list-conversations", "andrewbrown").out())
        .contains("yaya2devops", group, "hello");
    assertThat(run("ddb", "list-conversations", "yaya2devops").out())
        .contains("andrewbrown", group);

    Cli.Result second =
        run(
            "ddb",
            "send-message",
            "--from",
            "andrewbrown",
            "--to",
            "yaya2devops",
            "--text",
            "hi back");
    assertThat(second.out()).contains("to group " + group).doesNotContain("(new group)");
    // a long message from a file (--text-file; - reads stdin): its one trailing newline dropped
    java.nio.file.Path file =
        app.cruddur.ops.runner.testing.TestPaths.target("ddb-commands-third-message.txt");
    java.nio.file.Files.writeString(file, "third, from a file\n");
    Cli.Result third =
        run(
            "ddb",
            "send-message",
            "--from",
            "yaya2devops",
            "--group",
            group,
            "--text-file",
            file.toString());
    assertThat(third.exitCode()).as(third.toString()).isZero();
    String conversation = run("ddb", "get-conversation", group).out();
    assertThat(conversation.lines().count()).isEqualTo(1 + 3);
    assertThat(conversation).contains("third, from a file");
  }

  @Test
  void aNewGroupWhoseTransactionFailsLeavesNothingBehind() {
    assertThat(run("release").exitCode()).isZero();
    target.execute(
        "INSERT INTO users (handle, display_name) VALUES ('andrewbrown', 'Andrew Brown')");
    long before = itemCount();
    ExecutionInterceptor lastPutFails =
        new ExecutionInterceptor() {
          @Override
          public software.amazon.awssdk.core.SdkRequest modifyRequest(
              Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest t) {
              List<TransactWriteItem> items = new ArrayList<>(t.transactItems());
              Put last = items.get(2).put();
              items.set(
                  2,
                  TransactWriteItem.builder()
                      .put(last.toBuilder().conditionExpression("attribute_exists(pk)").build())
                      .build());
              return t.toBuilder().transactItems(items).build();
            }
            return context.request();
          }
        };

    try (Conversations c = conversations(lastPutFails)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> c.send("yaya2devops", Optional.of("andrewbrown"), Optional.empty(), "hi"))
          .isInstanceOf(CruddurException.class)
          .hasMessageContaining("TransactionCanceled");
    }

    assertThat(itemCount()).isEqualTo(before);
  }

  @Test
  void unprocessedItemsAreResentUntilEveryItemLands() {
    assertThat(run("db", "update").exitCode()).isZero();
    assertThat(run("ddb", "schema-load").exitCode()).isZero();
    Faults.UnprocessedItems throttled = new Faults.UnprocessedItems(2);

    SeedSummary s;
    try (Conversations c = conversations(throttled)) {
      s = c.seedSynthetic(10, 5, 3000, WriteOptions.defaults(), (done, total) -> {});
    }

    assertThat(throttled.injected()).isGreaterThan(500);
    assertThat(s.unprocessedRetries()).isGreaterThan(0);
    assertThat(itemCount()).isEqualTo(3000 + 10);
  }

  @Test
  void anInterruptedSeedRerunsToExactlyTheItemsOfACleanRun() {
    assertThat(run("db", "update").exitCode()).isZero();
    assertThat(run("ddb", "schema-load").exitCode()).isZero();
    // the engine goes away after 20 batches (at most 500 items) of the 1,010: interrupted mid-way
    int messages = 1000;
    try (Conversations c = conversations(new Faults.FailAfter(BatchWriteItemRequest.class, 20))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  c.seedSynthetic(
                      10,
                      5,
                      messages,
                      WriteOptions.defaults().withParallelism(2),
                      (done, total) -> {}))
          .isInstanceOf(CruddurException.class);
    }
    assertThat(itemCount()).isBetween(1L, messages + 10L - 1);

    try (Conversations c = conversations()) {
      c.seedSynthetic(10, 5, messages, WriteOptions.defaults(), (done, total) -> {});
      c.seedSynthetic(10, 5, messages, WriteOptions.defaults(), (done, total) -> {});
    }

    assertThat(itemCount()).isEqualTo(messages + 10);
  }

  @Test
  void aReleaseWhoseSeedStepFailsMidWayRecordsItFailedAndTheNextCompletesIt() {
    try (Release broken = release(new Faults.FailAfter(BatchWriteItemRequest.class, 0))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(broken::apply)
          .isInstanceOf(CruddurException.class)
          .hasMessageContaining("V004 (seeders/V004__dev_conversation.yaml) failed");
    }
    assertThat(run("status").out()).containsPattern("V004\\s+dynamodb-seed\\s+dynamodb\\s+failed");

    Cli.Result next = run("release");

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.out()).contains("V004").contains("wrote 24 messages");
    assertThat(itemCount()).isEqualTo(26);
  }

  @Test
  void badInputIsOneLineWithExitTwoAndWritesNothing() throws Exception {
    assertThat(run("release").exitCode()).isZero();
    long before = itemCount();

    assertThat(run("ddb", "scan", "no-such-table").errorLine())
        .isEqualTo(
            "error: there is no table no-such-table on local. List them with `cruddur ddb"
                + " list-tables`");
    assertThat(run("ddb", "list-conversations", "nobody").errorLine())
        .startsWith("error: there is no user 'nobody' in PostgreSQL");
    assertThat(run("ddb", "get-conversation", "not-a-uuid").errorLine())
        .contains("'not-a-uuid' is not a UUID");
    assertThat(run("ddb", "get-conversation", "00000000-0000-4000-8000-000000000000").errorLine())
        .startsWith("error: group 00000000-0000-4000-8000-000000000000 has no messages");
    assertThat(
            run("ddb", "send-message", "--from", "yaya2devops", "--to", "bayko", "--text", " ")
                .errorLine())
        .isEqualTo(
            "error: the message text is empty. Pass it with --text TEXT, or --text-file FILE (-"
                + " for stdin)");
    assertThat(
            run("ddb", "send-message", "--from", "ghost", "--to", "bayko", "--text", "boo")
                .errorLine())
        .startsWith("error: there is no user 'ghost'");
    assertThat(
            run(
                    "ddb",
                    "send-message",
                    "--from",
                    "yaya2devops",
                    "--group",
                    "00000000-0000-4000-8000-000000000000",
                    "--text",
                    "x")
                .errorLine())
        .startsWith("error: there is no message group 00000000-0000-4000-8000-000000000000");
    Cli.Result huge =
        run(
            "ddb",
            "send-message",
            "--from",
            "yaya2devops",
            "--to",
            "bayko",
            "--text",
            "x".repeat(410 * 1024));
    assertThat(huge.exitCode()).isEqualTo(2);
    assertThat(huge.errorLine()).contains("a DynamoDB item holds at most 409600 bytes (400 KB)");
    for (Cli.Result r :
        List.of(run("ddb", "scan", "no-such-table"), run("ddb", "list-conversations", "nobody"))) {
      assertThat(r.exitCode()).isEqualTo(2);
    }
    assertThat(itemCount()).isEqualTo(before);
  }

  @Test
  void anUnreachableEndpointIsExitFour() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Cli.Result r =
        cli.withAwsCredentials()
            .run(
                "ddb",
                "list-tables",
                "--endpoint-url",
                "http://127.0.0.1:" + closed,
                "--region",
                "us-east-1");
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errorLine())
        .startsWith(
            "error: cannot reach DynamoDB at http://127.0.0.1:" + closed + " while listing tables");
  }

  @Test
  void theAwsTargetHonoursAwsEndpointUrlVariablesAsTheAwsCliDoes() {
    assertThat(run("ddb", "schema-load").exitCode()).isZero();
    String moto = SharedLocalEnvironment.endpoints().awsEndpoint().toString();
    Cli.Result serviceSpecific =
        Cli.in(SharedLocalEnvironment.dir())
            .withAwsCredentials()
            .env("AWS_ENDPOINT_URL_DYNAMODB", moto)
            .run("ddb", "list-tables", "--aws", "--region", "us-east-1");
    Cli.Result global =
        Cli.in(SharedLocalEnvironment.dir())
            .withAwsCredentials()
            .env("AWS_ENDPOINT_URL", moto)
            .run("ddb", "list-tables", "--aws", "--region", "us-east-1");
    Cli.Result ignored =
        Cli.in(SharedLocalEnvironment.dir())
            .withAwsCredentials()
            .env("AWS_ENDPOINT_URL", moto)
            .env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
            .env("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9")
            .run("ddb", "list-tables", "--endpoint-url", moto, "--region", "us-east-1");

    assertThat(serviceSpecific.exitCode()).as(serviceSpecific.toString()).isZero();
    assertThat(serviceSpecific.out()).contains(target.table());
    assertThat(global.out()).contains(target.table());
    assertThat(ignored.out()).as("--endpoint-url wins over the variables").contains(target.table());
  }

  @Test
  void dropAsksLocallyAndNeedsTheTableNameElsewhere() {
    assertThat(run("ddb", "schema-load").exitCode()).isZero();
    String moto = SharedLocalEnvironment.endpoints().awsEndpoint().toString();
    cli.withAwsCredentials();
    {
      Cli.Result unconfirmed =
          cli.run("ddb", "drop", target.table(), "--endpoint-url", moto, "--region", "us-east-1");
      assertThat(unconfirmed.exitCode()).isEqualTo(2);
      assertThat(unconfirmed.errorLine())
          .isEqualTo(
              "error: Drop table "
                  + target.table()
                  + " on endpoint "
                  + moto
                  + " region us-east-1 needs confirmation. Repeat the name: --confirm "
                  + target.table());

      Cli.Result noTerminal = run("ddb", "drop", target.table());
      assertThat(noTerminal.exitCode()).isEqualTo(2);
      assertThat(noTerminal.errorLine()).contains("no terminal to ask on. Pass --yes to confirm");

      Cli.Result confirmed =
          cli.run(
              "ddb",
              "drop",
              target.table(),
              "--endpoint-url",
              moto,
              "--region",
              "us-east-1",
              "--confirm",
              target.table());
      assertThat(confirmed.exitCode()).as(confirmed.toString()).isZero();
      assertThat(confirmed.out()).contains("dropped table " + target.table());
    }
    try (DynamoDbClient dynamo = target.dynamo()) {
      assertThat(dynamo.listTables().tableNames()).doesNotContain(target.table());
    }
  }

  @Test
  void aSeedLineWithAnUnknownSpeakerIsAnErrorNamingTheLine() {
    String seed =
        project
            .read("seeders/V004__dev_conversation.yaml")
            .replace("  Person 2: Deal.", "  Person 3: Deal.");
    project.write("seeders/V004__dev_conversation.yaml", seed);

    Cli.Result r = run("release");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errorLine())
        .startsWith(
            "error: seeders/V004__dev_conversation.yaml line 41: the line does not start with a"
                + " declared speaker (Person 1, Person 2): 'Person 3: Deal.");
  }

  @Test
  void aSeedWhoseUsersAreMissingSaysWhichAndHowToCreateThem() {
    String seed =
        project
            .read("seeders/V004__dev_conversation.yaml")
            .replace("Person 2: bayko", "Person 2: ghost");
    project.write("seeders/V004__dev_conversation.yaml", seed);

    Cli.Result r = run("release");

    // the SQL steps before it create the dev users, so the seed finds its missing user only after
    // they ran: exit 1, not 2
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.errorLine())
        .contains("needs users that are not in PostgreSQL")
        .contains(": ghost. Create them first");
  }
}
