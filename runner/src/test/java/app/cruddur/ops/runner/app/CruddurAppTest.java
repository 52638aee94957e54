package app.cruddur.ops.runner.app;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.Eventually;
import app.cruddur.ops.runner.testing.TestPaths;
import app.cruddur.ops.runner.testing.TestProject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Cruddur app against a local environment as a developer uses it: its own environment
 * directory, the model's default names, {@code ./cruddur release}, then {@code eval "$(./cruddur
 * local env)"} in a shell whose environment has nothing else (no AWS settings, no home directory
 * with ~/.aws), and the app's boto3 calls (backend-flask lib/ddb.py) and the course's scripts'
 * (bin/cognito/list-users, bin/db/update_cognito_user_ids) made in it by python3 with boto3, with
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true standing in for the course's boto3 (before 1.28), which
 * knows no AWS_ENDPOINT_URL.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CruddurAppTest {
  static final Path DIR = TestPaths.target("app-local");
  static final String GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path HOME = TestPaths.target("app-home");
  static final Path ENV_FILE = TestPaths.target("app-env.sh");

  static Cli cli;
  static Map<String, String> printed;

  @BeforeAll
  static void releasedAndEnvironmentPrinted() throws Exception {
    LocalEnvironment.at(DIR).reset();
    cli = Cli.in(DIR).projectDir(TestProject.copyOfRepository("cruddur-app").dir());
    Files.createDirectories(HOME);
    Cli.Result release = cli.run("release");
    assertThat(release.exitCode()).as(release.toString()).isZero();
    printEnvironment();
    Shell.Result boto3 = shell("python3 -c 'import boto3'", Map.of());
    assertThat(boto3.code())
        .as("these tests make the app's calls with python3 and boto3 (pip install boto3): " + boto3)
        .isZero();
  }

  @AfterAll
  static void down() {
    LocalEnvironment.at(DIR).down();
  }

  static void printEnvironment() throws IOException {
    Cli.Result env = cli.run("local", "env");
    assertThat(env.exitCode()).as(env.toString()).isZero();
    Files.writeString(ENV_FILE, env.out(), StandardCharsets.UTF_8);
    printed = new LinkedHashMap<>();
    for (String line : env.out().lines().toList()) {
      String assignment = line.substring("export ".length());
      int eq = assignment.indexOf('=');
      printed.put(assignment.substring(0, eq), assignment.substring(eq + 1));
    }
  }

  @Test
  @Order(1)
  void theEnvironmentNamesEveryVariableTheAppAndTheCourseScriptsRead() {
    assertThat(printed)
        .containsKeys(
            "AWS_ENDPOINT_URL",
            "AWS_DEFAULT_REGION",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_COGNITO_USER_POOL_ID",
            "AWS_COGNITO_USER_POOL_CLIENT_ID",
            "CONNECTION_URL",
            "DDB_MESSAGE_TABLE",
            "AWS_DATA_PATH");
    assertThat(printed.get("AWS_ENDPOINT_URL")).startsWith("http://127.0.0.1:");
    assertThat(printed.get("DDB_MESSAGE_TABLE")).isEqualTo("cruddur-messages");
    assertThat(printed.get("CONNECTION_URL"))
        .startsWith("postgresql://postgres:postgres@127.0.0.1:")
        .endsWith("/cruddur");
  }

  @Test
  @Order(2)
  void theCourseCognitoScriptsReachTheLocalPoolWithOrWithoutTheEndpointVariable() throws Exception {
    Map<String, String> inPostgres = new LinkedHashMap<>();
    try (AppSql db = AppSql.connect(printed.get("CONNECTION_URL"))) {
      for (String handle : List.of("yaya2devops", "bayko")) {
        inPostgres.put(
            handle,
            db.value(
                "SELECT cognito_user_id FROM users WHERE handle = %(h)s", Map.of("h", handle)));
      }
    }

    JsonNode courseEra =
        app(Map.of("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), "cognito-user-ids");
    JsonNode current = app(Map.of(), "cognito-user-ids");

    assertThat(JSON.convertValue(courseEra, Map.class)).isEqualTo(inPostgres);
    assertThat(JSON.convertValue(current, Map.class)).isEqualTo(inPostgres);
  }

  @Test
  @Order(3)
  void updateCognitoUserIdsStatementsRunThroughPsqlOnTheConnectionUrl() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        shell("command -v psql", Map.of()).code() == 0, "psql is not installed");
    // bin/db/update_cognito_user_ids: one UPDATE per Cognito user, on CONNECTION_URL
    Shell.Result updated =
        shell(
            "python3 "
                + appCalls()
                + " cognito-user-ids | python3 -c 'import json,sys\n"
                + "for h,s in json.load(sys.stdin).items(): print(h, s)' | while read handle sub;"
                + " do printf \"UPDATE public.users SET cognito_user_id = :'sub' WHERE users.handle"
                + " = :'handle';\\n"
                + "\" | psql \"$CONNECTION_URL\" -q -v ON_ERROR_STOP=1 -v sub=\"$sub\" -v"
                + " handle=\"$handle\" || exit 1; done; psql \"$CONNECTION_URL\" -At -c \"SELECT"
                + " count(*) FROM users WHERE cognito_user_id <> 'MOCK'\"",
            Map.of("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

    assertThat(updated.code()).as(updated.toString()).isZero();
    assertThat(updated.out().strip()).isEqualTo("2");
  }

  @Test
  @Order(4)
  void theAppReadsTheDevConversationAfterAReleaseAsItQueriesIt() throws Exception {
    String yaya = uuidFromCognitoUserId("yaya2devops");
    String year = Integer.toString(Year.now(ZoneOffset.UTC).getValue());

    JsonNode groups = app(Map.of(), "list-message-groups", yaya);
    JsonNode messages = app(Map.of(), "list-messages", GROUP);

    // services/message_groups.py renders these keys; created_at is the row's sk
    assertThat(groups)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.get("uuid").asText()).isEqualTo(GROUP);
              assertThat(g.get("handle").asText()).isEqualTo("bayko");
              assertThat(g.get("display_name").asText()).isEqualTo("Andrew Bayko");
              assertThat(g.get("message").asText()).isEqualTo("Deal. I'll bring the snacks.");
              assertThat(g.get("created_at").asText()).startsWith(year);
            });
    assertThat(messages).hasSize(20);
    assertThat(messages.get(19).get("message").asText()).isEqualTo("Deal. I'll bring the snacks.");
    assertThat(messages.get(19).get("handle").asText()).isEqualTo("bayko");
  }

  @Test
  @Order(5)
  void messagesTheAppWritesInEachOfItsFormsMoveBothGroupRowsThroughTheStream() throws Exception {
    String yaya = uuidFromCognitoUserId("yaya2devops");
    String bayko = uuidFromCognitoUserId("bayko");
    List<String[]> forms =
        List.of(
            new String[] {"naive", "UTC", "week 5: no offset"},
            new String[] {"zulu", "UTC", "with a Z"},
            new String[] {"offset", "America/New_York", "from a machine behind UTC"});
    List<String> sortKeys = new ArrayList<>();
    for (String[] form : forms) {
      JsonNode sent =
          app(
              Map.of("TZ", form[1]),
              "create-message",
              form[0],
              GROUP,
              form[2],
              yaya,
              "Yahya Abulhaj",
              "yaya2devops");
      sortKeys.add(sent.get("created_at").asText());
      for (String member : List.of(yaya, bayko)) {
        Eventually.until(
            () -> app(Map.of(), "list-message-groups", member),
            rows -> rows.size() == 1 && rows.get(0).get("message").asText().equals(form[2]));
      }
      Thread.sleep(10); // the next message is later
    }

    assertThat(sortKeys.get(0)).doesNotContain("+", "Z");
    assertThat(sortKeys.get(1)).endsWith("Z");
    assertThat(sortKeys.get(2)).containsPattern("-0[45]:00$");
    JsonNode page =
        JSON.readTree(cli.run("ddb", "get-conversation", GROUP, "--limit", "3", "-o", "json").out())
            .get("result");
    assertThat(page.get("messages").findValuesAsText("text"))
        .containsExactly("from a machine behind UTC", "with a Z", "week 5: no offset");
  }

  @Test
  @Order(6)
  void aGroupTheAppCreatesForAUserOnlyInPostgresIsReadAndMovedLikeOurs() throws Exception {
    try (AppSql db = AppSql.connect(printed.get("CONNECTION_URL"))) {
      db.script(
          "INSERT INTO public.users (display_name, email, handle) VALUES ('Londo Mollari',"
              + " 'lmollari@centari.com', 'londo')");
    }
    String sub = subOf("yaya2devops");
    JsonNode users;
    try (AppSql db = AppSql.connect(printed.get("CONNECTION_URL"))) {
      users =
          JSON.readTree(
              db.arrayJson(
                  AppStatements.MESSAGE_USERS,
                  Map.of("cognito_user_id", sub, "user_receiver_handle", "londo")));
    }
    JsonNode me = pick(users, "sender");
    JsonNode londo = pick(users, "recv");

    // services/create_message.py, mode create: Ddb.create_message_group with the two users the
    // query classified
    JsonNode created =
        app(
            Map.of(),
            "create-message-group",
            "Hello Londo",
            me.get("uuid").asText(),
            me.get("display_name").asText(),
            me.get("handle").asText(),
            londo.get("uuid").asText(),
            londo.get("display_name").asText(),
            londo.get("handle").asText());
    String group = created.get("message_group_uuid").asText();
    Cli.Result ours = cli.run("ddb", "list-conversations", "londo");
    assertThat(ours.exitCode()).as(ours.toString()).isZero();
    assertThat(ours.out()).contains(group, "yaya2devops", "Hello Londo");

    app(
        Map.of(),
        "create-message",
        "naive",
        group,
        "Are you there?",
        me.get("uuid").asText(),
        "Yahya Abulhaj",
        "yaya2devops");
    for (JsonNode member : List.of(me, londo)) {
      Eventually.until(
          () -> app(Map.of(), "list-message-groups", member.get("uuid").asText()),
          rows ->
              rows.findValuesAsText("message").contains("Are you there?")
                  && rows.findValuesAsText("uuid").contains(group));
    }

    // and our pattern D to the same user: the app lists it
    Cli.Result sent =
        cli.run(
            "ddb", "send-message", "--from", "bayko", "--to", "londo", "--text", "Hi from bayko");
    assertThat(sent.exitCode()).as(sent.toString()).isZero();
    JsonNode londosGroups = app(Map.of(), "list-message-groups", londo.get("uuid").asText());
    assertThat(londosGroups.findValuesAsText("handle")).containsExactly("bayko", "yaya2devops");
    assertThat(londosGroups.get(0).get("message").asText()).isEqualTo("Hi from bayko");
  }

  @Test
  @Order(7)
  void theDotenvFormHoldsTheSameVariables() {
    Cli.Result dotenv = cli.run("local", "env", "--format", "dotenv");

    assertThat(dotenv.exitCode()).isZero();
    Map<String, String> parsed = new LinkedHashMap<>();
    dotenv
        .out()
        .lines()
        .filter(l -> !l.startsWith("#"))
        .forEach(l -> parsed.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    assertThat(parsed).isEqualTo(printed);
  }

  @Test
  @Order(8)
  void aLocalResetDatesTheDevConversationAnew() throws Exception {
    Instant before = lastDevMessage();

    Cli.Result reset = cli.run("local", "reset", "--yes");
    Cli.Result release = cli.run("release");

    assertThat(reset.exitCode()).as(reset.toString()).isZero();
    assertThat(release.exitCode()).as(release.toString()).isZero();
    assertThat(lastDevMessage()).isAfter(before);
    printEnvironment(); // new ports, new pool
    assertThat(app(Map.of(), "list-message-groups", uuidFromCognitoUserId("bayko"))).hasSize(1);
  }

  /** When the dev conversation's last line was dated. */
  static Instant lastDevMessage() throws IOException {
    JsonNode page =
        JSON.readTree(
                cli.run("ddb", "get-conversation", GROUP, "--limit", "30", "-o", "json").out())
            .get("result");
    for (JsonNode m : page.get("messages")) {
      if (m.get("text").asText().equals("Deal. I'll bring the snacks.")) {
        return Instant.parse(m.get("createdAt").asText());
      }
    }
    throw new AssertionError("the dev conversation's last line is not there: " + page);
  }

  static JsonNode pick(JsonNode users, String kind) {
    for (JsonNode u : users) {
      if (u.get("kind").asText().equals(kind)) {
        return u;
      }
    }
    throw new AssertionError("no user of kind " + kind + " in " + users);
  }

  String subOf(String handle) throws Exception {
    try (AppSql db = AppSql.connect(printed.get("CONNECTION_URL"))) {
      return db.value(
          "SELECT cognito_user_id FROM users WHERE handle = %(h)s", Map.of("h", handle));
    }
  }

  /** The app's way from a JWT's sub to the user: users/uuid_from_cognito_user_id.sql. */
  String uuidFromCognitoUserId(String handle) throws Exception {
    try (AppSql db = AppSql.connect(printed.get("CONNECTION_URL"))) {
      return db.value(AppStatements.UUID_OF_SUB, Map.of("cognito_user_id", subOf(handle)));
    }
  }

  /** {@code python3 app_calls.py args...} in the shell; its JSON. */
  static JsonNode app(Map<String, String> extra, String... args) {
    StringBuilder command = new StringBuilder("python3 ").append(appCalls());
    for (String a : args) {
      command.append(" '").append(a.replace("'", "'\\''")).append('\'');
    }
    Shell.Result r = shell(command.toString(), extra);
    assertThat(r.code()).as(r.toString()).isZero();
    try {
      return JSON.readTree(r.out());
    } catch (IOException e) {
      throw new AssertionError("not json: " + r, e);
    }
  }

  static String appCalls() {
    try {
      return Path.of(CruddurAppTest.class.getResource("/cruddur-app/app_calls.py").toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code bash -c 'eval "$(cat env.sh)"; <command>'} with nothing else in its environment but
   * PATH, an empty HOME and {@code extra}.
   */
  static Shell.Result shell(String command, Map<String, String> extra) {
    try {
      ProcessBuilder pb =
          new ProcessBuilder("bash", "-c", "eval \"$(cat '" + ENV_FILE + "')\" && " + command);
      pb.environment().clear();
      pb.environment().put("PATH", System.getenv("PATH"));
      pb.environment().put("HOME", HOME.toString());
      pb.environment().put("LANG", "C.UTF-8");
      pb.environment().putAll(extra);
      Process p = pb.start();
      p.getOutputStream().close();
      var out = new java.io.ByteArrayOutputStream();
      var err = new java.io.ByteArrayOutputStream();
      Thread drain =
          new Thread(
              () -> {
                try {
                  p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                  // the process went away
                }
              });
      drain.start();
      p.getInputStream().transferTo(out);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      drain.join();
      return new Shell.Result(
          p.exitValue(),
          out.toString(StandardCharsets.UTF_8),
          err.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** What a shell command did. */
  static final class Shell {
    record Result(int code, String out, String err) {
      @Override
      public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
      }
    }
  }
}
