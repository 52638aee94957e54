package app.cruddur.ops.vehicle.testing;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Main;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;

/**
 * A deployed stage, as the CDK app leaves it, made of the local engines: its own PostgreSQL
 * database, a messages table created from the model and a user pool with one user (the CDK app owns
 * those two on AWS). {@link #vehicleEnvironment()} is what the CDK app sets on the function,
 * pointed at these engines (AWS_ENDPOINT_URL) and with the database given directly, since the local
 * PostgreSQL is no RDS instance behind a secret.
 */
public final class LocalStage {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final String database;
  private final String table;
  private final String userPoolId;
  private final LocalEndpoints engines;

  private LocalStage(
      String name, String database, String table, String userPoolId, LocalEndpoints engines) {
    this.name = name;
    this.database = database;
    this.table = table;
    this.userPoolId = userPoolId;
    this.engines = engines;
  }

  /**
   * A new stage on the running engines: empty database, table, pool with the user {@code bayko}.
   */
  public static LocalStage create(String label) {
    LocalEndpoints e = LocalEngines.endpoints();
    String name =
        label + SEQUENCE.incrementAndGet() + Long.toString(System.nanoTime() % 1_000_000, 36);
    String database = "v_" + name.replace('-', '_');
    admin(e, "CREATE DATABASE " + database);
    String table = "messages-" + name;
    createTable(e, table);
    String pool;
    try (CognitoIdentityProviderClient cognito = cognito(e)) {
      pool = cognito.createUserPool(b -> b.poolName("pool-" + name)).userPool().id();
      cognito.adminCreateUser(
          b ->
              b.userPoolId(pool)
                  .username("bayko@example.com")
                  .userAttributes(
                      AttributeType.builder()
                          .name(CognitoPool.EMAIL_ATTRIBUTE)
                          .value("bayko@example.com")
                          .build(),
                      AttributeType.builder()
                          .name(CognitoPool.HANDLE_ATTRIBUTE)
                          .value("bayko")
                          .build()));
    }
    return new LocalStage(name, database, table, pool, e);
  }

  /** The stage's name (CRUDDUR_STAGE). */
  public String name() {
    return name;
  }

  /** The stage's PostgreSQL database. */
  public String database() {
    return database;
  }

  /** The messages table. */
  public String table() {
    return table;
  }

  /** The user pool. */
  public String userPoolId() {
    return userPoolId;
  }

  /** The deployment outputs the CDK app would give the vehicle. */
  public Map<String, String> outputs() {
    return new TreeMap<>(
        Map.of(DeploymentOutputs.TABLE_NAME, table, DeploymentOutputs.USER_POOL_ID, userPoolId));
  }

  /** The function's environment, with {@code packageFingerprint} as its package. */
  public Map<String, String> vehicleEnvironment(String packageFingerprint) {
    Map<String, String> env = new TreeMap<>();
    env.put(ReleaseVehicle.STAGE_ENV, name);
    env.put(ReleaseVehicle.RELEASE_CONTEXT_ENV, "test");
    env.put(ReleaseVehicle.PACKAGE_ENV, packageFingerprint);
    env.put(ReleaseVehicle.LOCK_WAIT_ENV, "30s");
    try {
      env.put(ReleaseVehicle.DEPLOYMENT_OUTPUTS_ENV, JSON.writeValueAsString(outputs()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
    env.putAll(awsEnvironment(engines));
    env.put(
        "CRUDDUR_DATABASE_URL",
        "postgresql://"
            + engines.user()
            + "@"
            + engines.postgresHost()
            + ":"
            + engines.postgresPort()
            + "/"
            + database);
    env.put("PGPASSWORD", engines.password());
    return env;
  }

  /** What Lambda gives every function: credentials and a region (here: the engines'). */
  public static Map<String, String> awsEnvironment(LocalEndpoints engines) {
    return Map.of(
        "AWS_ENDPOINT_URL", engines.awsEndpoint().toString(),
        "AWS_REGION", engines.region(),
        "AWS_ACCESS_KEY_ID", engines.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", engines.secretAccessKey());
  }

  /** The ledger's rows (one per attempt), in order: {@code step outcome}. */
  public List<String> ledger() {
    return query("SELECT step || ' ' || outcome FROM cruddur_release_ledger ORDER BY id");
  }

  /** A query's first column, as strings. */
  public List<String> query(String sql) {
    List<String> rows = new ArrayList<>();
    try (Connection c = connection(engines, database);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        rows.add(r.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private static void createTable(LocalEndpoints e, String table) {
    // as the CDK app would: the model's table, by the runner's own schema-load on the local engine
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Map<String, String> env = new TreeMap<>(awsEnvironment(e));
    int code =
        Main.run(
            new Invocation(
                env, Path.of("").toAbsolutePath(), new BufferedReader(new StringReader("")), false),
            new String[] {
              "ddb",
              "schema-load",
              "--endpoint-url",
              e.awsEndpoint().toString(),
              "--region",
              e.region(),
              "--table",
              table
            },
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    if (code != 0) {
      throw new IllegalStateException(
          "schema-load " + table + " exited " + code + ": " + out + err);
    }
  }

  private static CognitoIdentityProviderClient cognito(LocalEndpoints e) {
    return CognitoIdentityProviderClient.builder()
        .endpointOverride(e.awsEndpoint())
        .region(Region.of(e.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(e.accessKeyId(), e.secretAccessKey())))
        .build();
  }

  private static void admin(LocalEndpoints e, String sql) {
    try (Connection c = connection(e, "postgres");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException ex) {
      throw new IllegalStateException(sql, ex);
    }
  }

  private static Connection connection(LocalEndpoints e, String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + e.postgresHost() + ":" + e.postgresPort() + "/" + database,
        e.user(),
        e.password());
  }
}
