package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Target;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A private slice of the shared local environment for one test: its own PostgreSQL database, its
 * own DynamoDB table name and its own Cognito user pool name (moto's pools are global), passed to
 * commands as {@code --db-url}, {@code --table} and {@code --user-pool-name}.
 */
public final class TestTarget {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final String database;
  private final String table;
  private final String userPoolName;
  private final LocalEndpoints endpoints;

  private TestTarget(String database, String table, String userPoolName, LocalEndpoints endpoints) {
    this.database = database;
    this.table = table;
    this.userPoolName = userPoolName;
    this.endpoints = endpoints;
  }

  /** A new empty database and an unused table name on the shared environment. */
  public static TestTarget fresh(String name) {
    String suffix =
        name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_")
            + "_"
            + SEQUENCE.incrementAndGet()
            + "_"
            + Long.toString(System.nanoTime() % 1_000_000, 36);
    LocalEndpoints e = SharedLocalEnvironment.endpoints();
    TestTarget target =
        new TestTarget(
            "t_" + suffix,
            "messages-" + suffix.replace('_', '-'),
            "pool-" + suffix.replace('_', '-'),
            e);
    target.admin("CREATE DATABASE " + target.database);
    return target;
  }

  public String database() {
    return database;
  }

  public String table() {
    return table;
  }

  /** This test's user pool name (created by the cognito-users step of a dev release). */
  public String userPoolName() {
    return userPoolName;
  }

  /** The id of this test's user pool, looked up by name (fails when there is none). */
  public String userPoolId() {
    try (CognitoIdentityProviderClient cognito = cognito()) {
      return cognito.listUserPoolsPaginator(b -> b.maxResults(60)).userPools().stream()
          .filter(p -> p.name().equals(userPoolName))
          .map(UserPoolDescriptionType::id)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no user pool named " + userPoolName));
    }
  }

  /** The resource names of this slice, for API tests. */
  public ResourceNames names() {
    return ResourceNames.defaults().withTableName(table).withUserPoolName(userPoolName);
  }

  /** A release of this slice through the API (the CLI's --db-url, --table, --user-pool-name). */
  public Release.Builder release(Path projectDir) {
    return Release.configure()
        .projectDirectory(projectDir)
        .target(Target.local(SharedLocalEnvironment.dir()).withDatabaseUrl(databaseUrl()))
        .resourceNames(names());
  }

  /** postgresql://postgres:postgres@127.0.0.1:PORT/database */
  public String databaseUrl() {
    return "postgresql://"
        + endpoints.user()
        + ":"
        + endpoints.password()
        + "@127.0.0.1:"
        + endpoints.postgresPort()
        + "/"
        + database;
  }

  /**
   * The options that point a command at this slice: {@code --db-url ... --table ...
   * --user-pool-name ...}.
   */
  public List<String> options() {
    return List.of("--db-url", databaseUrl(), "--table", table, "--user-pool-name", userPoolName);
  }

  /** {@code args} followed by {@link #options()}. */
  public String[] args(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(options());
    return all.toArray(String[]::new);
  }

  /** A connection to this test's database. */
  public Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", endpoints.user());
    p.setProperty("password", endpoints.password());
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + endpoints.postgresPort() + "/" + database, p);
  }

  /**
   * Waits until no session whose {@code application_name} starts with {@code prefix} is left on
   * this database: a killed process's last statements are still served until its session ends, so
   * what it recorded is read after that.
   */
  public void awaitSessionsGone(String prefix) {
    Eventually.until(
        () ->
            queryOne(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name LIKE '"
                    + prefix
                    + "%'"),
        "0"::equals);
  }

  /** The first column of the first row of {@code sql}, as text (null when no row). */
  public String queryOne(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public void execute(String sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public DynamoDbClient dynamo() {
    return dynamo(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor[0]);
  }

  /** A client of this slice's engine with {@code interceptors} (the app's writes, counters). */
  public DynamoDbClient dynamo(
      software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
    return DynamoDbClient.builder()
        .overrideConfiguration(
            o -> java.util.List.of(interceptors).forEach(o::addExecutionInterceptor))
        .endpointOverride(endpoints.awsEndpoint())
        .region(Region.of(endpoints.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(endpoints.accessKeyId(), endpoints.secretAccessKey())))
        .build();
  }

  public CognitoIdentityProviderClient cognito() {
    return CognitoIdentityProviderClient.builder()
        .endpointOverride(endpoints.awsEndpoint())
        .region(Region.of(endpoints.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(endpoints.accessKeyId(), endpoints.secretAccessKey())))
        .build();
  }

  private void admin(String sql) {
    Properties p = new Properties();
    p.setProperty("user", endpoints.user());
    p.setProperty("password", endpoints.password());
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + endpoints.postgresPort() + "/postgres", p);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
