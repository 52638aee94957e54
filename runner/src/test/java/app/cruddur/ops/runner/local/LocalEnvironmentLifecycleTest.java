package app.cruddur.ops.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.LocalStatus;
import app.cruddur.ops.runner.internal.local.MotoInstallation;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.QuietPorts;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestPaths;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lifecycle of a second, private local environment through the CLI: up, answer, down, up with
 * data kept, a supervisor killed with SIGKILL, a port conflict, a missing moto_server. The shared
 * environment is up at the same time; this one starts on ports away from the defaults ({@link
 * QuietPorts}), which it keeps from then on.
 */
@ExtendWith(SharedLocalEnvironment.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalEnvironmentLifecycleTest {
  static final Path DIR = TestPaths.target("lifecycle-local");
  static final Cli cli = Cli.in(DIR);

  @BeforeAll
  static void clean() {
    LocalEnvironment.at(DIR).reset();
  }

  @AfterAll
  static void stop() {
    LocalEnvironment.at(DIR).down();
  }

  @Test
  @Order(1)
  void upStartsBothEnginesOnFreePortsAndTheyAnswer() throws Exception {
    Cli.Result r = cli.run(concat(new String[] {"local", "up"}, QuietPorts.upOptions()));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("local environment up")
        .contains("postgres  up")
        .contains("moto      up");
    LocalEndpoints e = endpoints();
    assertThat(e.postgresPort()).isNotEqualTo(SharedLocalEnvironment.endpoints().postgresPort());
    assertThat(e.awsEndpoint()).isNotEqualTo(SharedLocalEnvironment.endpoints().awsEndpoint());
    assertThat(queryOne(e, "SELECT current_database()")).isEqualTo("cruddur");
    try (DynamoDbClient dynamo = dynamo(e);
        CognitoIdentityProviderClient cognito = cognito(e)) {
      assertThat(dynamo.listTables().tableNames()).isEmpty();
      assertThat(cognito.listUserPools(b -> b.maxResults(10)).userPools()).isEmpty();
    }
  }

  @Test
  @Order(2)
  void upTwiceIsHarmless() {
    LocalEndpoints before = endpoints();
    Cli.Result r = cli.run("local", "up");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("already up");
    assertThat(endpoints()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void downFreesThePortsAndAnotherUpKeepsPostgresData() throws Exception {
    LocalEndpoints e = endpoints();
    execute(e, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");

    Cli.Result down = cli.run("local", "down");

    assertThat(down.exitCode()).isZero();
    assertThat(down.out()).contains("stopped");
    assertThat(free(e.postgresPort())).isTrue();
    assertThat(free(e.awsEndpoint().getPort())).isTrue();
    assertThat(cli.run("local", "status").out()).contains("local environment down");

    assertThat(cli.run("local", "up").exitCode()).isZero();
    assertThat(queryOne(endpoints(), "SELECT value FROM kept")).isEqualTo("still here");
  }

  @Test
  @Order(4)
  void aKilledSupervisorLeavesOrphansThatStatusReportsAndUpCleansUp() throws Exception {
    LocalStatus before = LocalEnvironment.at(DIR).status();
    long postgresPid = before.services().get(0).pid();
    long supervisorPid =
        app.cruddur.ops.runner.internal.local.LocalState.read(DIR.resolve("state.json"))
            .orElseThrow()
            .supervisorPid();

    ProcessHandle.of(supervisorPid).orElseThrow().destroyForcibly();
    ProcessHandle.of(supervisorPid).ifPresent(p -> p.onExit().join());

    assertThat(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive))
        .as("zonky's postgres is orphaned")
        .contains(true);
    Cli.Result status = cli.run("local", "status");
    assertThat(status.out())
        .contains("orphaned")
        .contains("`cruddur local down` or `up` stops them");

    Cli.Result up = cli.run("local", "up");

    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(queryOne(endpoints(), "SELECT value FROM kept")).isEqualTo("still here");
  }

  @Test
  @Order(5)
  void anExplicitPortHeldByAnotherProcessIsExitFourAndStartsNothing() throws Exception {
    assertThat(cli.run("local", "down").exitCode()).isZero();
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = squatter.getLocalPort();

      Cli.Result r = cli.run("local", "up", "--postgres-port", Integer.toString(port));

      assertThat(r.exitCode()).isEqualTo(4);
      assertThat(r.errorLine())
          .startsWith(
              "error: port "
                  + port
                  + " on 127.0.0.1, asked for PostgreSQL, is held by another process (pid "
                  + ProcessHandle.current().pid()
                  + " (")
          .endsWith(
              ")). Stop that process, or choose another port with --postgres-port (or leave it out"
                  + " to take the next free one)");
      assertThat(LocalEnvironment.at(DIR).status().up()).isFalse();
    }
  }

  @Test
  @Order(6)
  void withoutMotoAndWithoutPythonToInstallItItSaysWhatToInstall() {
    Cli.Result r = Cli.in(DIR).env("PATH", "/nonexistent").run("local", "up");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.errorLine())
        .isEqualTo(
            "error: moto_server was not found, and there is no python3 to install moto "
                + MotoInstallation.pinnedVersion()
                + " with. Install Python 3 (macOS: brew install python; Debian/Ubuntu: apt-get"
                + " install python3 python3-venv) and rerun, or install moto yourself: pip install"
                + " \"moto[server]=="
                + MotoInstallation.pinnedVersion()
                + "\" (or set CRUDDUR_MOTO_SERVER to its moto_server)");
  }

  @Test
  @Order(7)
  void aCommandOnTheLocalTargetStartsTheEnvironmentFirst() {
    Cli.Result r = cli.run("local", "env");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    LocalEndpoints e = endpoints();
    assertThat(r.out())
        .contains("export AWS_ENDPOINT_URL_DYNAMODB=" + e.awsEndpoint())
        .contains("export AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=" + e.awsEndpoint())
        .contains("export PGPORT=" + e.postgresPort())
        .contains("export PGDATABASE=cruddur");
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  @Order(8)
  void aMotoServerNoPythonRunsStartsInMemoryAndSaysSo() throws Exception {
    assertThat(cli.run("local", "down").exitCode()).isZero();
    java.nio.file.Path bin =
        java.nio.file.Files.createDirectories(DIR.resolveSibling("lifecycle-bin"));
    java.nio.file.Path wrapper = bin.resolve("moto_server");
    java.nio.file.Files.writeString(
        wrapper,
        "#!/bin/sh\nexec '"
            + app.cruddur.ops.moto.MotoLauncher.locate(System.getenv()).orElseThrow()
            + "' \"$@\"\n");
    java.nio.file.Files.setPosixFilePermissions(
        wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    Cli.Result up = Cli.in(DIR).env("CRUDDUR_MOTO_SERVER", wrapper.toString()).run("local", "up");

    assertThat(up.exitCode()).as(up.toString()).isZero();
    assertThat(up.err())
        .contains(
            "DynamoDB and Cognito start empty and are kept in memory only (no Python was found that"
                + " runs "
                + wrapper
                + " (moto unknown))");
    assertThat(cli.run("local", "down").exitCode()).isZero();
  }

  private static LocalEndpoints endpoints() {
    return LocalEnvironment.at(DIR)
        .status()
        .endpoints()
        .orElseThrow(() -> new AssertionError("not up"));
  }

  private static boolean free(int port) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (app.cruddur.ops.runner.internal.local.Ports.isFree(port)) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  static Connection connect(LocalEndpoints e) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", e.user());
    p.setProperty("password", e.password());
    return DriverManager.getConnection(e.jdbcUrl(), p);
  }

  static String queryOne(LocalEndpoints e, String sql) throws Exception {
    try (Connection c = connect(e);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  static void execute(LocalEndpoints e, String sql) throws Exception {
    try (Connection c = connect(e);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static DynamoDbClient dynamo(LocalEndpoints e) {
    return DynamoDbClient.builder()
        .endpointOverride(e.awsEndpoint())
        .region(Region.of(e.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(e.accessKeyId(), e.secretAccessKey())))
        .build();
  }

  static CognitoIdentityProviderClient cognito(LocalEndpoints e) {
    return CognitoIdentityProviderClient.builder()
        .endpointOverride(e.awsEndpoint())
        .region(Region.of(e.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(e.accessKeyId(), e.secretAccessKey())))
        .build();
  }
}
