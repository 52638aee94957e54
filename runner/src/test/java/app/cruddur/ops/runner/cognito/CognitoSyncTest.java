package app.cruddur.ops.runner.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.CognitoUsers;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.CognitoUser;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.StepResult;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.LocalSliceTest;
import app.cruddur.ops.runner.testing.ThrottledListUsers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

/**
 * The Cognito sync and dev users on the real local engines (moto's Cognito, embedded PostgreSQL):
 * each test has its own project copy, database and user pool.
 */
class CognitoSyncTest extends LocalSliceTest {
  static final ObjectMapper JSON = new ObjectMapper();

  Cli.Result released() {
    Cli.Result r = run("release");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  /** The dev users step with {@code n} synthetic users besides yaya2devops and bayko. */
  void withSyntheticUsers(int n) {
    project.write(
        "seeders/V003__cognito_dev_users.yaml",
        project.read("seeders/V003__cognito_dev_users.yaml") + "synthetic: " + n + "\n");
  }

  /**
   * Creates a user in this test's pool directly; {@code handle} null for a user without
   * preferred_username.
   */
  String createCognitoUser(String handle, String email) {
    List<AttributeType> attributes =
        new ArrayList<>(List.of(AttributeType.builder().name("email").value(email).build()));
    if (handle != null) {
      attributes.add(AttributeType.builder().name("preferred_username").value(handle).build());
    }
    try (CognitoIdentityProviderClient cognito = target.cognito()) {
      UserType user =
          cognito
              .adminCreateUser(
                  b ->
                      b.userPoolId(target.userPoolId())
                          .username(email)
                          .messageAction(MessageActionType.SUPPRESS)
                          .userAttributes(attributes))
              .user();
      return user.attributes().stream()
          .filter(a -> a.name().equals("sub"))
          .findFirst()
          .orElseThrow()
          .value();
    }
  }

  /** preferred_username → sub of every user of this test's pool. */
  Map<String, String> subsInCognito() {
    Map<String, String> subs = new TreeMap<>();
    try (CognitoIdentityProviderClient cognito = target.cognito()) {
      for (UserType user :
          cognito.listUsersPaginator(b -> b.userPoolId(target.userPoolId())).users()) {
        Map<String, String> attributes = new TreeMap<>();
        user.attributes().forEach(a -> attributes.put(a.name(), a.value()));
        if (attributes.containsKey("preferred_username")) {
          subs.put(attributes.get("preferred_username"), attributes.get("sub"));
        }
      }
    }
    return subs;
  }

  /** The user's sub, or null while the row holds the placeholder of a user without one ('MOCK'). */
  String cognitoUserIdOf(String handle) {
    return target.queryOne(
        "SELECT nullif(cognito_user_id, 'MOCK') FROM users WHERE handle = '" + handle + "'");
  }

  void addPostgresUser(String handle) {
    target.execute(
        "INSERT INTO users (handle, display_name, email) VALUES ('"
            + handle
            + "', '"
            + handle
            + "', '"
            + handle
            + "@example.com')");
  }

  @Test
  void theReleaseCreatesThePoolAndDevUsersAndSyncsTheirSubsAndASecondReleaseChangesNothing() {
    Cli.Result first = released();

    assertThat(first.out())
        .containsPattern("V003\\s+cognito-users\\s+cognito\\s+applied")
        .contains(
            "created user pool "
                + target.userPoolName()
                + ", created app client cruddur-web; created 2 users, 0 already there")
        .containsPattern("R__cognito_sync\\s+cognito-sync\\s+postgres\\s+applied")
        .contains("set 2, changed 0 in one transaction; 0 already right");
    Map<String, String> subs = subsInCognito();
    assertThat(subs).containsOnlyKeys("yaya2devops", "bayko");
    assertThat(cognitoUserIdOf("yaya2devops")).isEqualTo(subs.get("yaya2devops"));
    assertThat(cognitoUserIdOf("bayko")).isEqualTo(subs.get("bayko"));

    Cli.Result second = released();

    assertThat(second.out()).doesNotContain("V003").contains("nothing to write; 2 already right");
    assertThat(cognitoUserIdOf("yaya2devops")).isEqualTo(subs.get("yaya2devops"));
    assertThat(subsInCognito()).isEqualTo(subs);
  }

  @Test
  void moreThanSixtyUsersAreListedAndSyncedAcrossPages() throws Exception {
    withSyntheticUsers(70);
    released();
    target.execute(
        "INSERT INTO users (handle, display_name, email) SELECT 'user' || lpad(i::text, 4, '0'),"
            + " 'Synthetic User ' || i, 'user' || lpad(i::text, 4, '0') || '@example.com' FROM"
            + " generate_series(1, 70) AS i");

    JsonNode listed = JSON.readTree(run("cognito", "list-users", "-o", "json").out()).get("result");
    Cli.Result sync = run("cognito", "sync");

    assertThat(listed.get("count").asInt()).isEqualTo(72);
    assertThat(listed.get("users").findValuesAsText("handle"))
        .hasSize(72)
        .doesNotHaveDuplicates()
        .contains("yaya2devops", "bayko", "user0001", "user0070");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("Set 70, changed 0 in one transaction; 2 already right.");
    assertThat(target.queryOne("SELECT count(*) FROM users WHERE cognito_user_id <> 'MOCK'"))
        .isEqualTo("72");
    assertThat(cognitoUserIdOf("user0070")).isEqualTo(subsInCognito().get("user0070"));
  }

  @Test
  void usersWithoutPreferredUsernameAreListedAsSuchAndReportedByTheSyncWithoutFailing()
      throws Exception {
    released();
    String sub = createCognitoUser(null, "nohandle@example.com");

    Cli.Result list = run("cognito", "list-users");
    Cli.Result sync = run("cognito", "sync", "-o", "json");

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out())
        .containsPattern("\\(no preferred_username\\)\\s+" + sub + "\\s+nohandle@example.com")
        .contains("3 users in pool " + target.userPoolId() + "; 1 without preferred_username.");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    JsonNode report = JSON.readTree(sync.out()).get("result");
    assertThat(report.get("withoutHandle").findValuesAsText("sub")).containsExactly(sub);
    assertThat(report.get("counts").get("alreadyRight").asInt()).isEqualTo(2);
  }

  @Test
  void handlesMissingOnEitherSideAreReportedAndTheRestIsSynced() throws Exception {
    released();
    createCognitoUser("ghost", "ghost@example.com");
    String newcomer = createCognitoUser("newcomer", "newcomer@example.com");
    addPostgresUser("newcomer");
    addPostgresUser("lurker");

    Cli.Result sync = run("cognito", "sync", "-o", "json");

    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    JsonNode report = JSON.readTree(sync.out()).get("result");
    assertThat(report.get("noMatchingHandle").findValuesAsText("handle")).containsExactly("ghost");
    assertThat(report.get("noCognitoUser")).extracting(JsonNode::asText).containsExactly("lurker");
    assertThat(report.get("toSet").findValuesAsText("handle")).containsExactly("newcomer");
    assertThat(report.get("written").asBoolean()).isTrue();
    assertThat(cognitoUserIdOf("newcomer")).isEqualTo(newcomer);
    assertThat(cognitoUserIdOf("lurker")).isNull();
  }

  @Test
  void aSubAlreadyHeldByAnotherRowIsAConflictNamedByHandleAndNothingIsWritten() {
    released();
    String baykoSub = subsInCognito().get("bayko");
    // bayko's sub sits on a stale row, and a new user waits for its id
    target.execute("UPDATE users SET cognito_user_id = 'MOCK' WHERE handle = 'bayko'");
    target.execute(
        "INSERT INTO users (handle, cognito_user_id) VALUES ('old_bayko', '" + baykoSub + "')");
    createCognitoUser("newcomer", "newcomer@example.com");
    addPostgresUser("newcomer");

    Cli.Result sync = run("cognito", "sync");

    assertThat(sync.exitCode()).as(sync.toString()).isEqualTo(1);
    assertThat(sync.errorLine())
        .startsWith(
            "error: the Cognito sync of pool "
                + target.userPoolId()
                + " found 1 conflict, so nothing was written: bayko: its sub "
                + baykoSub
                + " is already the cognito_user_id of handle old_bayko. "
                + "Clear the stale cognito_user_id");
    assertThat(sync.out()).containsPattern("bayko\\s+" + baykoSub + "\\s+its sub");
    assertThat(cognitoUserIdOf("newcomer")).isNull();
    assertThat(cognitoUserIdOf("bayko")).isNull();

    Cli.Result release = run("release");

    assertThat(release.exitCode()).isEqualTo(1);
    assertThat(release.errorLine())
        .contains("R__cognito_sync (seeders/R__cognito_sync.yaml) failed: the Cognito sync")
        .contains(
            "bayko: its sub " + baykoSub + " is already the cognito_user_id of handle old_bayko");
    assertThat(cognitoUserIdOf("newcomer")).isNull();
  }

  @Test
  void subsThatMoveBetweenRowsAreWrittenInOneGoDespiteTheUniqueConstraint() {
    released();
    Map<String, String> subs = subsInCognito();
    // swapped: each row holds the other's sub (set up in two statements, as one trips the unique
    // constraint)
    target.execute("UPDATE users SET cognito_user_id = 'MOCK'");
    target.execute(
        "UPDATE users SET cognito_user_id = CASE handle WHEN 'bayko' THEN '"
            + subs.get("yaya2devops")
            + "' ELSE '"
            + subs.get("bayko")
            + "' END");

    Cli.Result sync = run("cognito", "sync");

    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(sync.out()).contains("Set 0, changed 2 in one transaction");
    assertThat(cognitoUserIdOf("bayko")).isEqualTo(subs.get("bayko"));
    assertThat(cognitoUserIdOf("yaya2devops")).isEqualTo(subs.get("yaya2devops"));
  }

  @Test
  void dryRunPrintsTheDiffAndWritesNothing() throws Exception {
    released();
    target.execute("UPDATE users SET cognito_user_id = 'MOCK'");
    String baykoSub = subsInCognito().get("bayko");

    Cli.Result table = run("cognito", "sync", "--dry-run");
    Cli.Result json = run("cognito", "sync", "--dry-run", "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out())
        .contains("(dry run: nothing is written)")
        .contains("To set (2):")
        .containsPattern("bayko\\s+" + baykoSub)
        .contains("Would set 2, would change 0; 0 already right.");
    JsonNode report = JSON.readTree(json.out()).get("result");
    assertThat(report.get("dryRun").asBoolean()).isTrue();
    assertThat(report.get("written").asBoolean()).isFalse();
    assertThat(report.get("counts").get("toSet").asInt()).isEqualTo(2);
    assertThat(target.queryOne("SELECT count(*) FROM users WHERE cognito_user_id <> 'MOCK'"))
        .isEqualTo("0");
  }

  @Test
  void aThrottledListUsersEveryOtherCallIsRetriedAndTheReleaseSyncCompletes() {
    ThrottledListUsers throttle = ThrottledListUsers.everyOtherCall();
    withSyntheticUsers(70);

    ReleaseResult result;
    try (Release release = target.release(project.dir()).interceptor(throttle).load()) {
      result = release.apply();
    }

    StepResult sync =
        result.applied().stream()
            .filter(s -> s.version().equals("R__cognito_sync"))
            .findFirst()
            .orElseThrow();
    assertThat(sync.succeeded()).isTrue();
    assertThat(sync.summary())
        .startsWith(
            "set 2, changed 0 in one transaction; 0 already right; 70 Cognito users with no"
                + " matching handle");
    assertThat(throttle.throttled()).isGreaterThanOrEqualTo(3);
    assertThat(cognitoUserIdOf("bayko")).isEqualTo(subsInCognito().get("bayko"));
  }

  @Test
  void throttlingLongerThanTheSdkRetriesIsOutlastedAndTheListingResumesAtThePageItStoppedAt() {
    withSyntheticUsers(70);
    released();
    // the second page is refused five times running: more than the SDK's three attempts
    ThrottledListUsers throttle = ThrottledListUsers.burst(2, 5);
    List<String> notices = Collections.synchronizedList(new ArrayList<>());
    ReleaseListener listener =
        new ReleaseListener() {
          @Override
          public void notice(String message) {
            notices.add(message);
          }
        };

    CognitoSyncReport report;
    List<CognitoUser> users;
    try (CognitoUsers cognito =
        target.release(project.dir()).interceptor(throttle).listener(listener).loadCognitoUsers()) {
      report = cognito.sync();
      users = cognito.list().users();
    }

    assertThat(notices)
        .isNotEmpty()
        .allMatch(
            n ->
                n.startsWith("Cognito is throttling ListUsers (TooManyRequestsException); retry "));
    assertThat(throttle.throttled()).isEqualTo(5);
    assertThat(report.counts().cognitoUsers()).isEqualTo(72);
    assertThat(report.counts().alreadyRight()).isEqualTo(2);
    assertThat(new HashSet<>(users.stream().map(CognitoUser::sub).toList())).hasSize(72);
  }

  @Test
  void aPoolThatLostItsDataShowsTheDevUsersStepLostAndTheReleaseRecreatesAndRelinks() {
    released();
    String oldSub = cognitoUserIdOf("bayko");
    try (CognitoIdentityProviderClient cognito = target.cognito()) {
      cognito.deleteUserPool(b -> b.userPoolId(target.userPoolId()));
    }

    assertThat(run("status").out())
        .containsPattern("V003\\s+cognito-users\\s+cognito\\s+lost")
        .contains("the user pool is gone since it was applied");
    Cli.Result again = released();

    assertThat(again.out())
        .contains("created user pool " + target.userPoolName())
        .contains("set 0, changed 2 in one transaction");
    assertThat(cognitoUserIdOf("bayko"))
        .isNotEqualTo(oldSub)
        .isEqualTo(subsInCognito().get("bayko"));
  }

  // the dev users step on AWS is not applicable (skipped in plan, status and release):
  // AwsTargetTest

  @Test
  void mistakesInTheDevUsersFileAreNamedByLineBeforeAnythingRuns() {
    project.write(
        "seeders/V003__cognito_dev_users.yaml",
        """
        kind: cognito-users
        users:
          - handle: bayko
            name: Andrew Bayko
            email: bayko@example.com
          - handle: bayko
            name: Another Bayko
            email: other@example.com
        """);
    assertThat(run("release").errorLine())
        .isEqualTo(
            "error: seeders/V003__cognito_dev_users.yaml line 6: the handle bayko is "
                + "listed twice. Fix the file; nothing was applied");

    project.write(
        "seeders/V003__cognito_dev_users.yaml",
        "kind: cognito-users\nusers:\n  - handle: bayko\n    name: B\n"
            + "    email: bayko@example.com\n    mail: typo@example.com\n");
    assertThat(run("release").errorLine())
        .startsWith(
            "error: seeders/V003__cognito_dev_users.yaml line 6: unknown key 'mail' in a user");
    assertThat(target.queryOne("SELECT to_regclass('public.users') IS NULL")).isEqualTo("t");
  }

  @Test
  void aPoolThatDoesNotExistIsOneErrorLine() {
    Cli.Result byId = run("cognito", "list-users", "--user-pool-id", "us-east-1_nope");
    Cli.Result byName = run("cognito", "sync");

    assertThat(byId.exitCode()).isEqualTo(2);
    assertThat(byId.errorLine())
        .startsWith("error: there is no user pool us-east-1_nope in Cognito at http://127.0.0.1:")
        .endsWith(
            "Check --user-pool-id (aws cognito-idp list-user-pools --max-results 60 lists them)");
    assertThat(byName.exitCode()).isEqualTo(4);
    assertThat(byName.errorLine())
        .startsWith(
            "error: there is no user pool named " + target.userPoolName() + " in Cognito at")
        .endsWith(
            "Run `cruddur release` (its cognito-users step creates the pool in the dev context), or"
                + " pass --user-pool-id ID");
  }

  @Test
  void anUnreachableCognitoEndpointIsExitFour() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    // any key will do for an endpoint that is not there
    Cli.Result r =
        cli.withAwsCredentials()
            .run(
                "cognito",
                "list-users",
                "--endpoint-url",
                "http://127.0.0.1:" + closedPort,
                "--region",
                "us-east-1");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(r.errorLine())
        .startsWith(
            "error: cannot reach Cognito at http://127.0.0.1:"
                + closedPort
                + " while looking for user pool cruddur-user-pool");
  }

  @Test
  void aReleaseOutsideTheDevContextHasNoPoolAndNothingToSync() {
    Cli.Result r = run("release", "--context", "prod");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .doesNotContain("V003")
        .contains("no user pool named " + target.userPoolName())
        .contains(": nothing to sync");
  }
}
