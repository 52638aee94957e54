package app.cruddur.ops.runner.migration;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.Faults;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@code dynamodb-migration} steps on the real local engine, for each shape the issue names — a
 * set/remove backfill, a re-key (the project's own sort-key normalization) and an index fill:
 * applied, rerun as a no-op, dry run writing nothing, resumed after {@code kill -9} without reading
 * a finished segment again, throttling injected and survived, and a concurrent writer's newer item
 * left alone. The expected table is computed by the test from the starting items, not by the
 * engine.
 */
@ExtendWith(SharedLocalEnvironment.class)
class MigrationStepTest {
  static final int MESSAGES = 240;
  static final int GROUPS = 30;
  static final Duration LIMIT = Duration.ofSeconds(120);

  /** A project whose only step is the case's migration, a table with the case's items. */
  record Setup(
      TestProject project, TestTarget target, List<Map<String, AttributeValue>> items, Cli cli) {
    Cli.Result run(String... args) {
      return cli.run(target.args(args));
    }

    Map<String, Map<String, AttributeValue>> table() {
      return MessagesFixture.snapshot(target);
    }
  }

  static Setup setUp(MigrationCase c, String name, int segments, int pageSize, String budget) {
    // a re-key is transactions, and moto copies the whole table (its stream too) for each one: keep
    // it small (each of the four sort-key forms still ten times)
    return c == MigrationCase.RE_KEY
        ? setUp(c, name, segments, pageSize, budget, 40, 5)
        : setUp(c, name, segments, pageSize, budget, MESSAGES, GROUPS);
  }

  static Setup setUp(
      MigrationCase c,
      String name,
      int segments,
      int pageSize,
      String budget,
      int messages,
      int groups) {
    TestProject project = TestProject.copyOfRepository(name);
    try (var files = Files.list(project.file("seeders"))) {
      for (var f : files.toList()) {
        Files.delete(f);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    project.write("seeders/" + c.fileName, c.stepFile(segments, pageSize, budget));
    TestTarget target = TestTarget.fresh(name);
    MessagesFixture.createTable(target, c.tableHasIndex);
    List<Map<String, AttributeValue>> items = c.items(messages, groups);
    MessagesFixture.write(target, items);
    return new Setup(
        project, target, items, Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir()));
  }

  static String version(MigrationCase c) {
    return c.fileName.substring(0, 4);
  }

  @ParameterizedTest
  @EnumSource(MigrationCase.class)
  void appliedThenARerunIsANoOpAndStatusShowsTheCounts(MigrationCase c) throws Exception {
    Setup s = setUp(c, "applied-" + c.name().toLowerCase(), 4, 50, "budget: unlimited");

    Cli.Result first = s.run("release", "--output", "json");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertTable(s.table(), c.expectedTable(s.items()), "after the release");
    JsonNode step = Json.mapper().readTree(first.out()).get("result").get("applied").get(0);
    assertThat(step.get("version").asText()).isEqualTo(version(c));
    JsonNode d = step.get("details");
    long changes = c.changes(s.items());
    assertThat(changes).isPositive();
    assertThat(d.get("scanned").asLong()).isEqualTo(s.items().size());
    assertThat(d.get("changed").asLong()).isEqualTo(changes);
    assertThat(d.get("alreadyDone").asLong() + d.get("skipped").asLong())
        .isEqualTo(s.items().size() - changes);
    assertThat(d.get("changedElsewhere").asLong()).isZero();
    assertThat(d.get("failed").asLong()).isZero();
    assertThat(d.get("segments").asInt()).isEqualTo(4);
    if (c == MigrationCase.INDEX_FILL) {
      assertIndexServesEveryGroup(s);
    }
    if (c == MigrationCase.RE_KEY) {
      assertThat(s.table().values())
          .allSatisfy(
              item ->
                  assertThat(item.get("sk").s())
                      .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"));
    }

    Cli.Result again = s.run("release");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.out()).contains("Nothing to do");
    assertTable(s.table(), c.expectedTable(s.items()), "after the rerun");

    Cli.Result status = s.run("status");
    assertThat(status.out())
        .contains(version(c))
        .contains("applied")
        .contains(String.format("changed %,d", changes));
    JsonNode statusJson =
        Json.mapper()
            .readTree(s.run("status", "--output", "json").out())
            .get("result")
            .get("steps");
    assertThat(statusJson)
        .anySatisfy(
            st -> {
              assertThat(st.get("version").asText()).isEqualTo(version(c));
              assertThat(st.get("state").asText()).isEqualTo("APPLIED");
              assertThat(st.get("reason").asText()).contains(String.format("changed %,d", changes));
            });
  }

  @ParameterizedTest
  @EnumSource(MigrationCase.class)
  void aDryRunReportsWhatWouldChangeWithSamplesAndWritesNothing(MigrationCase c) {
    Setup s = setUp(c, "dry-run-" + c.name().toLowerCase(), 4, 50, "");
    Map<String, Map<String, AttributeValue>> before = s.table();

    Cli.Result plan = s.run("release", "--plan");
    Cli.Result dry = s.run("release", "--dry-run");

    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out())
        .contains(version(c))
        .contains("dynamodb-migration")
        .contains("scan in 4 segments")
        .as("the table's few items fit one process's slice: it does not distribute on its own")
        .containsPattern("one process: ~[\\d,]+ items at \\d+/s is ~\\d+ s \\(within one slice\\)");
    assertThat(dry.exitCode()).as(dry.toString()).isZero();
    assertThat(dry.out())
        .contains("Dry run of " + version(c) + " (nothing written)")
        .contains(String.format("would change %,d", c.changes(s.items())))
        .contains("-- before: ")
        .contains("--  after: ");
    if (c == MigrationCase.INDEX_FILL) {
      assertThat(dry.out()).contains("would create index message-group-sk-index first");
    }
    assertTable(s.table(), before, "after a dry run");
    assertThat(rows(s.target(), "cruddur_migration_run")).as("checkpoint runs").isZero();
    assertThat(rows(s.target(), "cruddur_release_ledger")).as("ledger rows").isZero();
    if (c == MigrationCase.INDEX_FILL) {
      try (DynamoDbClient dynamo = s.target().dynamo()) {
        assertThat(
                dynamo
                    .describeTable(b -> b.tableName(s.target().table()))
                    .table()
                    .globalSecondaryIndexes())
            .as("a dry run creates no index")
            .isEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(MigrationCase.class)
  void aReleaseKilledMidMigrationResumesEachSegmentWhereItStoppedAndNeverReadsAFinishedOneAgain(
      MigrationCase c) throws Exception {
    int rate = c == MigrationCase.SET_ATTRIBUTE ? 60 : c == MigrationCase.RE_KEY ? 15 : 12;
    // half the messages, pages of 4: every segment still takes several pages, and the resumed run
    // (at the same budget) takes half as long
    Setup s =
        c == MigrationCase.RE_KEY
            ? setUp(c, "kill-re_key", 12, 4, "budget: {max_items_per_second: " + rate + "}", 80, 10)
            : setUp(
                c,
                "kill-" + c.name().toLowerCase(),
                12,
                4,
                "budget: {max_items_per_second: " + rate + "}",
                MESSAGES / 2,
                GROUPS / 2);
    CruddurProcess release = CruddurProcess.start(s.project().dir(), s.target().args("release"));
    boolean killed = false;
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (System.nanoTime() < deadline && release.isAlive()) {
      String progress =
          safe(
              s.target(),
              "SELECT count(*) FILTER (WHERE finished) || '/' || count(*) FROM"
                  + " cruddur_migration_segment");
      if (progress != null) {
        String[] parts = progress.split("/");
        int finished = Integer.parseInt(parts[0]);
        if (finished >= 1 && finished < Integer.parseInt(parts[1])) {
          release.kill();
          killed = true;
          break;
        }
      }
      Thread.sleep(50);
    }
    assertThat(killed)
        .as("the release was killed with some segments finished and some not")
        .isTrue();
    s.target().awaitSessionsGone("cruddur");
    String killedAt = s.target().queryOne("SELECT now()");
    List<String> finishedAtKill =
        lines(
            s.target(),
            "SELECT segment FROM cruddur_migration_segment WHERE finished ORDER BY segment");
    List<String> positionsAtKill =
        lines(
            s.target(),
            "SELECT segment || ' ' || position::text FROM cruddur_migration_segment"
                + " WHERE NOT finished AND position IS NOT NULL ORDER BY segment");
    assertThat(s.table().equals(c.expectedTable(s.items())))
        .as("the kill left the migration part-way")
        .isFalse();

    Cli.Result resumed = s.run("release");

    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(resumed.err())
        .contains("resumes its run of")
        .contains(finishedAtKill.size() + " of 12 segments are done");
    assertTable(
        s.table(),
        c.expectedTable(s.items()),
        "after the resumed run (as an uninterrupted run leaves it)");
    assertThat(
            s.target()
                .queryOne(
                    "SELECT count(*) FROM cruddur_migration_read r JOIN cruddur_migration_segment g"
                        + " USING (run_id, segment) WHERE r.read_at > '"
                        + killedAt
                        + "' AND g.segment IN ("
                        + String.join(",", finishedAtKill)
                        + ")"))
        .as("pages read after the kill from segments finished before it")
        .isEqualTo("0");
    for (String segmentAndPosition : positionsAtKill) {
      String segment = segmentAndPosition.substring(0, segmentAndPosition.indexOf(' '));
      String firstReadAfter =
          s.target()
              .queryOne(
                  "SELECT from_position::text FROM cruddur_migration_read WHERE segment = "
                      + segment
                      + " AND read_at > '"
                      + killedAt
                      + "' ORDER BY id LIMIT 1");
      assertThat(segment + " " + firstReadAfter)
          .as("segment " + segment + " resumes at its checkpoint")
          .isEqualTo(segmentAndPosition);
    }
    assertThat(s.target().queryOne("SELECT count(*) FROM cruddur_migration_run"))
        .as("one run, resumed")
        .isEqualTo("1");
  }

  @ParameterizedTest
  @EnumSource(MigrationCase.class)
  void throttlingInjectedIntoTheWritesIsRetriedWithBackoffAndEveryItemEndsMigrated(
      MigrationCase c) {
    // smaller: every throttled write is answered after it landed, so each costs several requests;
    // a re-key's bursts of four each sleep through the SDK's throttling backoff, so fewer of them
    // (each sort-key form twice; one burst already outlasts the SDK's attempts)
    Setup s =
        setUp(
            c,
            "throttled-" + c.name().toLowerCase(),
            4,
            50,
            "",
            c == MigrationCase.RE_KEY ? 8 : 60,
            c == MigrationCase.RE_KEY ? 2 : 6);
    Class<? extends SdkRequest> writes =
        c == MigrationCase.RE_KEY ? TransactWriteItemsRequest.class : UpdateItemRequest.class;
    // bursts longer than the SDK's own three attempts of every write in flight (moves go one at a
    // time locally):
    // the engine's backoff must take over
    Faults.Throttling throttling =
        new Faults.Throttling(writes, c == MigrationCase.RE_KEY ? 4 : 50);
    List<String> notices = new CopyOnWriteArrayList<>();

    ReleaseResult result;
    try (Release release =
        s.target()
            .release(s.project().dir())
            .interceptor(throttling)
            .listener(
                new ReleaseListener() {
                  @Override
                  public void notice(String message) {
                    notices.add(message);
                  }
                })
            .load()) {
      result = release.apply();
    }

    assertThat(throttling.injected()).isPositive();
    assertTable(s.table(), c.expectedTable(s.items()), "after throttling");
    StepResult step = result.applied().get(0);
    assertThat(step.details().get("throttledRetries").asLong()).isPositive();
    assertThat(step.details().get("backoffMillis").asLong()).isPositive();
    assertThat(step.details().get("throttleReasons").fieldNames())
        .toIterable()
        .anySatisfy(
            r ->
                assertThat(r)
                    .containsAnyOf(
                        "ProvisionedThroughputExceededException", "ThrottlingException"));
    assertThat(
            step.details().get("changed").asLong()
                + step.details().get("alreadyDone").asLong()
                + step.details().get("skipped").asLong())
        .isEqualTo(s.items().size());
    assertThat(
            step.details().get("changedElsewhere").asLong() + step.details().get("failed").asLong())
        .isZero();
    assertThat(notices)
        .anySatisfy(
            n -> assertThat(n).startsWith("DynamoDB is throttling").contains("backing off"));
  }

  @ParameterizedTest
  @EnumSource(MigrationCase.class)
  void anItemAnotherWriterChangesBetweenOurReadAndOurWriteIsCountedAndLeftAsThatWriterLeftIt(
      MigrationCase c) {
    Setup s = setUp(c, "concurrent-" + c.name().toLowerCase(), 4, 50, "");
    Map<String, AttributeValue> victim =
        s.items().stream().filter(i -> !c.expected(i).equals(i)).findFirst().orElseThrow();
    Map<String, AttributeValue> newer = new LinkedHashMap<>(victim);
    switch (c) {
      case SET_ATTRIBUTE ->
          newer.put(
              "user_handle",
              AttributeValue.fromS("AndrewB")); // an input of the change, renamed by the app
      case RE_KEY -> newer.put("message", AttributeValue.fromS("edited by the app"));
      case INDEX_FILL ->
          newer.put(
              "message_group_uuid",
              victim.get("group_uuid")); // the new app writes the new attribute
    }
    AppWritesFirst app = new AppWritesFirst(s.target(), victim, newer);

    ReleaseResult result;
    try (Release release = s.target().release(s.project().dir()).interceptor(app).load()) {
      result = release.apply();
    }

    assertThat(app.wrote.get())
        .as("the app's write landed between the migration's read and write")
        .isTrue();
    Map<String, Map<String, AttributeValue>> expected = c.expectedTable(s.items());
    expected.remove(MessagesFixture.key(c.expected(victim)));
    expected.put(MessagesFixture.key(newer), newer);
    assertTable(
        s.table(), expected, "the newer item as the app wrote it, everything else migrated");
    JsonNode d = result.applied().get(0).details();
    assertThat(d.get("changedElsewhere").asLong()).isEqualTo(1);
    assertThat(d.get("changed").asLong()).isEqualTo(c.changes(s.items()) - 1);
    assertThat(d.get("changedByOthers").toString()).contains("changed by someone else");
  }

  private static void assertIndexServesEveryGroup(Setup s) {
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      var table = dynamo.describeTable(b -> b.tableName(s.target().table())).table();
      assertThat(table.globalSecondaryIndexes())
          .anySatisfy(
              i -> {
                assertThat(i.indexName()).isEqualTo(MessagesTable.GROUP_INDEX);
                assertThat(i.indexStatusAsString()).isEqualTo("ACTIVE");
              });
      for (int g = 0; g < groups(s); g++) {
        String group = MessagesFixture.uuid("group", g).toString();
        int rows =
            dynamo
                .query(
                    b ->
                        b.tableName(s.target().table())
                            .indexName(MessagesTable.GROUP_INDEX)
                            .keyConditionExpression("message_group_uuid = :g")
                            .expressionAttributeValues(Map.of(":g", AttributeValue.fromS(group))))
                .count();
        assertThat(rows).as("group rows of group " + g + " in the index").isEqualTo(2);
      }
    }
  }

  private static int groups(Setup s) {
    return (int) s.items().stream().filter(i -> i.get("pk").s().startsWith("GRP#")).count() / 2;
  }

  /**
   * Before the migration's first write to {@code victim}, writes {@code newer} with a client of its
   * own: the app.
   */
  static final class AppWritesFirst implements ExecutionInterceptor {
    final AtomicBoolean wrote = new AtomicBoolean();
    private final TestTarget target;
    private final Map<String, AttributeValue> victim;
    private final Map<String, AttributeValue> newer;

    AppWritesFirst(
        TestTarget target, Map<String, AttributeValue> victim, Map<String, AttributeValue> newer) {
      this.target = target;
      this.victim = victim;
      this.newer = newer;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      Map<String, AttributeValue> key = Map.of("pk", victim.get("pk"), "sk", victim.get("sk"));
      boolean touchesVictim =
          context.request() instanceof UpdateItemRequest u && u.key().equals(key)
              || context.request() instanceof TransactWriteItemsRequest t
                  && t.transactItems().stream()
                      .anyMatch(i -> i.delete() != null && i.delete().key().equals(key));
      if (touchesVictim && wrote.compareAndSet(false, true)) {
        try (DynamoDbClient app = target.dynamo()) {
          app.putItem(b -> b.tableName(target.table()).item(newer));
        }
      }
    }
  }

  /** Rows of {@code table}, 0 when it does not exist. */
  static long rows(TestTarget target, String table) {
    if (target.queryOne("SELECT to_regclass('public." + table + "')") == null) {
      return 0;
    }
    return Long.parseLong(target.queryOne("SELECT count(*) FROM " + table));
  }

  /**
   * The table equals {@code expected}; on failure, says which keys are missing, extra or different.
   */
  static void assertTable(
      Map<String, Map<String, AttributeValue>> actual,
      Map<String, Map<String, AttributeValue>> expected,
      String what) {
    if (actual.equals(expected)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    expected.keySet().stream()
        .filter(k -> !actual.containsKey(k))
        .limit(5)
        .forEach(k -> problems.add("missing " + k));
    actual.keySet().stream()
        .filter(k -> !expected.containsKey(k))
        .limit(5)
        .forEach(k -> problems.add("extra " + k + " " + actual.get(k)));
    expected.keySet().stream()
        .filter(k -> actual.containsKey(k) && !actual.get(k).equals(expected.get(k)))
        .limit(5)
        .forEach(
            k ->
                problems.add(
                    "different " + k + ": " + actual.get(k) + " instead of " + expected.get(k)));
    throw new AssertionError(
        what
            + ": "
            + actual.size()
            + " items, expected "
            + expected.size()
            + ":\n  "
            + String.join("\n  ", problems));
  }

  static String safe(TestTarget target, String sql) {
    try {
      return target.queryOne(sql);
    } catch (IllegalStateException notYet) {
      return null;
    }
  }

  static List<String> lines(TestTarget target, String sql) {
    List<String> rows = new ArrayList<>();
    try (var c = target.connect();
        var st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
