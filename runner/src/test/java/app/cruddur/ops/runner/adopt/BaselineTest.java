package app.cruddur.ops.runner.adopt;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.IsoTimestamps;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.CruddurProcess;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Adopting what the course's scripts made (issue 22): the week-8 database (schema.sql, seed.sql,
 * bin/db/migrate), the schema-load table with bin/ddb/seed's items and an app-made group, the pool
 * made in the console. A release first is refused before the lock and writes nothing ({@code
 * NOT_ADOPTED}); {@code cruddur baseline} judges every step and changeset (present, absent,
 * different, as {@code --plan} said it would), records what is there and writes the reconciling
 * changesets; then the release finishes, every row, item and user kept. (This class took over
 * {@code UnadoptedReleaseTest}, which pinned the release's old failure: one course deployment built
 * instead of two.)
 */
class BaselineTest extends LocalSliceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theCoursesDeploymentIsBaselinedThenReleasedWithEveryRowItemAndUserKept() throws Exception {
    try (CourseDeployment course =
        CourseDeployment.build(
            target,
            CourseSchema.WEEK8_MIGRATABLE,
            SortKeyForm.MACHINE_OFFSET,
            ZoneId.of("America/New_York"))) {
      Map<String, Map<String, String>> users = course.database().rows("users");
      Map<String, Map<String, String>> activities = course.database().rows("activities");
      Map<String, Map<String, String>> items = byInstant(course.table().items());
      String changelog = project.read("migrations/changelog.yaml");

      // before baseline, a release is refused before the lock and writes nothing (item 1)
      Cli.Result refused = run("release", "--output", "json");

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(4);
      assertThat(refused.errorLine())
          .startsWith("error: the database of ")
          .contains(
              " has tables the runner did not make (activities, schema_information, users) and no"
                  + " changeset of ours is recorded; a release would fail on them. Run `cruddur"
                  + " baseline` first");
      JsonNode error = JSON.readTree(refused.out()).path("error");
      assertThat(error.path("code").asText()).isEqualTo("NOT_ADOPTED");
      assertThat(error.path("exitCode").asInt()).isEqualTo(4);
      assertNothingWritten();
      assertThat(course.database().rows("users")).isEqualTo(users);
      assertThat(course.database().rows("activities")).isEqualTo(activities);

      Cli.Result plan = run("baseline", "--plan", "--output", "json");

      assertThat(plan.exitCode()).as(plan.toString()).isZero();
      JsonNode planned = JSON.readTree(plan.out()).path("result");
      assertThat(planned.path("planned").asBoolean()).isTrue();
      assertThat(judgements(planned.path("steps"), "version"))
          .containsExactly(
              Map.entry("V001", "DIFFERENT"),
              Map.entry("V002", "DIFFERENT"),
              Map.entry("V003", "PRESENT"),
              Map.entry("V004", "NOT_JUDGED"),
              Map.entry("V010", "NOT_JUDGED"),
              Map.entry("R__cognito_sync", "NOT_JUDGED"));
      JsonNode schema = planned.path("steps").get(0);
      assertThat(judgements(schema.path("changesets"), "id"))
          .containsExactly(
              Map.entry("001-users", "DIFFERENT"),
              Map.entry("002-activities", "DIFFERENT"),
              Map.entry("002-activities-by-user", "ABSENT"),
              Map.entry("003-dev-users", "NOT_JUDGED"),
              Map.entry("004-users-bio", "PRESENT"),
              // its NOT NULL is there (week 8), its default and partial unique index are not
              Map.entry("004-cognito-user-id-placeholder", "DIFFERENT"),
              Map.entry("004-dev-known-placeholder-users-function", "NOT_JUDGED"),
              Map.entry("004-dev-known-placeholder-users-trigger", "NOT_JUDGED"));
      assertThat(texts(schema.path("changesets").get(0).path("differences")))
          .contains(
              "unique constraint users_handle_key on users is missing",
              "users.created_at: type is timestamp here, timestamptz in the changesets",
              "users.uuid: default is uuid_generate_v4() here, gen_random_uuid() in the"
                  + " changesets");
      assertThat(texts(schema.path("changesets").get(1).path("differences")))
          .contains(
              "activities.reply_to_activity_uuid: type is int4 here, uuid in the changesets",
              "activities.likes_count: nullable is true here, false in the changesets");
      assertThat(texts(planned.path("steps").get(1).path("differences")))
          .containsExactly("the stream is off, the model has NEW_IMAGE");
      String reconciling = planned.path("reconciling").asText();
      assertThat(reconciling).startsWith("migrations/000_adopt_");
      // --plan writes nothing
      assertNothingWritten();
      assertThat(project.dir().resolve(reconciling)).doesNotExist();
      assertThat(project.read("migrations/changelog.yaml")).isEqualTo(changelog);

      Cli.Result baseline = run("baseline", "--output", "json");

      assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
      JsonNode done = JSON.readTree(baseline.out()).path("result");
      assertThat(done.path("steps")).isEqualTo(planned.path("steps"));
      assertThat(done.path("reconcilingChangesets"))
          .isEqualTo(planned.path("reconcilingChangesets"));
      assertThat(texts(done.path("reconcilingChangesets")))
          .containsExactly(
              "adopt-activities-likes_count-not-null",
              "adopt-activities-replies_count-not-null",
              "adopt-activities-reply_to_activity_uuid-type",
              "adopt-activities-reposts_count-not-null",
              "adopt-users-cognito_user_id-default",
              "adopt-users-users_cognito_user_id_key-index",
              "adopt-users-users_handle_key-constraint");
      assertThat(
              target.queryOne(
                  "SELECT string_agg(step || ' ' || outcome, ',' ORDER BY id)"
                      + " FROM cruddur_release_ledger"))
          .isEqualTo("V003 BASELINED");
      assertThat(
              target.queryOne(
                  "SELECT string_agg(id, ',' ORDER BY orderexecuted) FROM databasechangelog"))
          .isEqualTo("001-users,002-activities,004-users-bio,004-cognito-user-id-placeholder");
      assertThat(project.read(reconciling))
          .contains("--changeset cruddur-baseline:adopt-users-users_handle_key-constraint")
          .contains("ALTER TABLE public.users ADD CONSTRAINT users_handle_key UNIQUE (handle);");
      assertThat(project.read("migrations/changelog.yaml"))
          .startsWith(changelog.substring(0, changelog.indexOf("  - include:")))
          .contains(
              "  - include:\n      file: "
                  + reconciling
                  + "\n  - include:\n      file:"
                  + " migrations/001_users.sql");
      assertThat(course.database().rows("users")).isEqualTo(users);

      Cli.Result release = run("release");

      assertThat(release.exitCode()).as(release.toString()).isZero();
      Map<String, String> subs = course.pool().subsByHandle();
      assertUsersKept(users, course.database().rows("users"), subs);
      assertThat(course.database().rows("activities").keySet()).containsAll(activities.keySet());
      assertItemsKept(items, byInstant(course.table().items()));
      TableDescription table =
          course.dynamo().describeTable(b -> b.tableName(target.table())).table();
      assertThat(table.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_IMAGE");
      assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
      assertThat(target.userPoolId()).isEqualTo(course.pool().id());
      assertThat(course.pool().subsByHandle()).isEqualTo(subs);
      assertThat(
              target.queryOne(
                  "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid ="
                      + " 'public.activities'::regclass AND attname = 'reply_to_activity_uuid'"))
          .isEqualTo("uuid");

      assertTheAppReadsTheCoursesConversations(course);

      assertThat(run("release").out()).contains("Nothing to do");
      assertThat(run("status").out())
          .contains("baselined: found in place by cruddur baseline, never run");
    }
  }

  /**
   * The app's two conversation reads, through {@code cruddur ddb}, on the released table: a user's
   * message groups ({@code list-conversations}) and a group's messages ({@code get-conversation})
   * return what the course's seed and app wrote, with the senders it wrote them with.
   */
  void assertTheAppReadsTheCoursesConversations(CourseDeployment course) throws Exception {
    JsonNode andrews = read("ddb", "list-conversations", "andrewbrown").path("groups");
    assertThat(andrews.findValuesAsText("groupUuid"))
        .contains(CourseMessagesTable.SEED_GROUP, course.appGroup());
    JsonNode virs = read("ddb", "list-conversations", "vir").path("groups");
    assertThat(virs).hasSize(1);
    assertThat(virs.get(0).path("groupUuid").asText()).isEqualTo(course.appGroup());
    assertThat(virs.get(0).path("lastMessage").asText()).isEqualTo("Welcome to Cruddur, Andrew!");
    assertThat(virs.get(0).path("other").path("handle").asText()).isEqualTo("andrewbrown");
    JsonNode baykos = read("ddb", "list-conversations", "bayko").path("groups");
    // (its row names the dev conversation's last sender since V004 wrote into this group)
    assertThat(baykos.findValuesAsText("groupUuid"))
        .containsExactly(CourseMessagesTable.SEED_GROUP);

    JsonNode app = read("ddb", "get-conversation", course.appGroup()).path("messages");
    assertThat(app.findValuesAsText("text")).containsExactly("Welcome to Cruddur, Andrew!");
    assertThat(app.get(0).path("sender").path("handle").asText()).isEqualTo("vir");
    // the seed's conversation, newest first, each line from its sender (V004's dev messages are
    // written into the same group: read every message and keep the course's)
    JsonNode seed =
        read("ddb", "get-conversation", CourseMessagesTable.SEED_GROUP, "--limit", "1000")
            .path("messages");
    List<String> expected = new java.util.ArrayList<>();
    for (String line : CourseMessagesTable.SEED_CONVERSATION) {
      String sender = line.startsWith("Person 1: ") ? "andrewbrown" : "bayko";
      expected.add(0, sender + ": " + line.substring("Person 1: ".length()));
    }
    List<String> read = new java.util.ArrayList<>();
    seed.forEach(
        m -> read.add(m.path("sender").path("handle").asText() + ": " + m.path("text").asText()));
    assertThat(read.stream().filter(expected::contains).toList()).isEqualTo(expected);
  }

  /** {@code cruddur ARGS -o json} on this slice, exit 0: its result. */
  JsonNode read(String... args) throws Exception {
    String[] json = java.util.Arrays.copyOf(args, args.length + 2);
    json[args.length] = "-o";
    json[args.length + 1] = "json";
    Cli.Result result = run(json);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return JSON.readTree(result.out()).path("result");
  }

  /**
   * A baseline killed with SIGKILL in its write phase leaves a state a rerun completes: the rerun
   * exits 0, then the release does, every row, item and user kept. The write phase (reconciling
   * file, changelog include, one DATABASECHANGELOG transaction, ledger rows) lasts a few hundred
   * milliseconds after seconds of judging, too short to hit at random: the process is killed as
   * soon as the reconciling file exists, which is its first write (the kill then lands anywhere
   * from the file's own write to the ledger's rows, as the machine's load decides). The rerun reads
   * the changelog the killed run may have left including that file.
   */
  @Test
  void aBaselineKilledInItsWritePhaseIsCompletedByARerun() throws Exception {
    try (CourseDeployment course =
        CourseDeployment.build(
            target, CourseSchema.WEEK8_MIGRATABLE, SortKeyForm.MACHINE_OFFSET, ZoneOffset.UTC)) {
      Map<String, Map<String, String>> users = course.database().rows("users");
      Map<String, Map<String, String>> activities = course.database().rows("activities");
      Map<String, Map<String, String>> items = byInstant(course.table().items());
      Path migrations = project.dir().resolve("migrations");

      // --wait: the killed run's session (and the release lock with it) may outlive it briefly
      CruddurProcess killed =
          CruddurProcess.start(project.dir(), target.args("baseline", "--wait", "60s"));
      boolean wrote = false;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!wrote && killed.isAlive() && System.nanoTime() < deadline) {
        try (Stream<Path> files = Files.list(migrations)) {
          wrote = files.anyMatch(f -> f.getFileName().toString().startsWith("000_adopt_"));
        }
        if (!wrote) {
          Thread.sleep(5);
        }
      }
      killed.kill();
      assertThat(wrote).as("the baseline was killed once it had begun writing").isTrue();

      Cli.Result rerun = run("baseline", "--wait", "60s");

      assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
      Cli.Result release = run("release");
      assertThat(release.exitCode()).as(release.toString()).isZero();
      assertUsersKept(users, course.database().rows("users"), course.pool().subsByHandle());
      assertThat(course.database().rows("activities").keySet()).containsAll(activities.keySet());
      assertItemsKept(items, byInstant(course.table().items()));
      assertThat(
              target.queryOne(
                  "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid ="
                      + " 'public.activities'::regclass AND attname = 'reply_to_activity_uuid'"))
          .isEqualTo("uuid");
      assertThat(project.read("migrations/changelog.yaml").split("000_adopt_", -1)).hasSize(2);
      assertThat(run("release").out()).contains("Nothing to do");
    }
  }

  @Test
  void aDatabaseTheReleaseBuiltIsJudgedAppliedAndBaselineWritesNothing() throws Exception {
    assertThat(run("release").exitCode()).isZero();
    String ledger = target.queryOne("SELECT count(*) FROM cruddur_release_ledger");
    String changelog = project.read("migrations/changelog.yaml");

    Cli.Result baseline = run("baseline", "--output", "json");

    assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
    JsonNode result = JSON.readTree(baseline.out()).path("result");
    assertThat(judgements(result.path("steps"), "version").values()).containsOnly("APPLIED");
    assertThat(result.path("reconciling").isMissingNode() || result.path("reconciling").isNull())
        .isTrue();
    assertThat(target.queryOne("SELECT count(*) FROM cruddur_release_ledger")).isEqualTo(ledger);
    assertThat(project.read("migrations/changelog.yaml")).isEqualTo(changelog);
  }

  /** Every user of {@code users} is in {@code after} with its uuid, the pool's sub for 'MOCK'. */
  static void assertUsersKept(
      Map<String, Map<String, String>> users,
      Map<String, Map<String, String>> after,
      Map<String, String> subs) {
    users.forEach(
        (uuid, row) -> {
          assertThat(after).containsKey(uuid);
          assertThat(after.get(uuid))
              .containsEntry("handle", row.get("handle"))
              .containsEntry("display_name", row.get("display_name"))
              .containsEntry("email", row.get("email"))
              // the sync replaced the seed's 'MOCK' of the pool's users
              .containsEntry(
                  "cognito_user_id",
                  subs.getOrDefault(row.get("handle"), row.get("cognito_user_id")));
        });
  }

  /**
   * Every item of {@code items} (by instant) is in {@code released}. V010 rewrote the sort keys in
   * the canonical form: the same items, by instant. The dev conversation (V004) is written into the
   * course seed's group (the same id: V004 is the course's bin/ddb/seed as data), so pattern E
   * moved that group's rows to its newest message: one row a member.
   */
  static void assertItemsKept(
      Map<String, Map<String, String>> items, Map<String, Map<String, String>> released) {
    Map<String, Map<String, String>> seedGroupRows = new TreeMap<>();
    items.forEach(
        (key, item) -> {
          if (item.get("pk").startsWith("GRP#")
              && CourseMessagesTable.SEED_GROUP.equals(item.get("message_group_uuid"))) {
            seedGroupRows.put(key, item);
          }
        });
    Map<String, Map<String, String>> kept = new TreeMap<>(items);
    kept.keySet().removeAll(seedGroupRows.keySet());
    assertThat(released).containsAllEntriesOf(kept);
    seedGroupRows
        .values()
        .forEach(
            row ->
                assertThat(released.values())
                    .filteredOn(
                        item ->
                            item.get("pk").equals(row.get("pk"))
                                && CourseMessagesTable.SEED_GROUP.equals(
                                    item.get("message_group_uuid")))
                    .hasSize(1));
  }

  /** No ledger, no Liquibase tables. */
  void assertNothingWritten() {
    assertThat(target.queryOne("SELECT to_regclass('public.cruddur_release_ledger')")).isNull();
    assertThat(target.queryOne("SELECT to_regclass('public.databasechangelog')")).isNull();
    assertThat(target.queryOne("SELECT to_regclass('public.databasechangeloglock')")).isNull();
  }

  /** The judgement of every entry, by {@code key}, in order. */
  static Map<String, String> judgements(JsonNode entries, String key) {
    Map<String, String> judged = new LinkedHashMap<>();
    entries.forEach(e -> judged.put(e.path(key).asText(), e.path("judgement").asText()));
    return judged;
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return texts;
  }

  /**
   * Items by partition key and the instant of their sort key, without the sort key's text: what
   * stays when the sort keys are rewritten in another form.
   */
  static Map<String, Map<String, String>> byInstant(Map<String, Map<String, String>> items) {
    Map<String, Map<String, String>> byInstant = new TreeMap<>();
    items
        .values()
        .forEach(
            item -> {
              Map<String, String> rest = new TreeMap<>(item);
              rest.remove("sk");
              byInstant.put(item.get("pk") + " " + IsoTimestamps.parse(item.get("sk")), rest);
            });
    return byInstant;
  }
}
