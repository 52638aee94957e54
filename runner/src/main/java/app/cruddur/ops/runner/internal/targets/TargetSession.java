package app.cruddur.ops.runner.internal.targets;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.runner.api.AwsCallStats;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.DatabaseUrls;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.ResourceNames;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.api.Target;
import app.cruddur.ops.runner.internal.aws.AwsClients;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.local.LocalLayout;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything a command needs to act on one target, each part built lazily and once: PostgreSQL
 * connections, the AWS clients, the resource names. For the local target the local environment is
 * started first if it is not up.
 */
public final class TargetSession implements AutoCloseable {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  private final Target target;
  private final Map<String, String> env;
  private final ResourceNames names;
  private final List<ExecutionInterceptor> interceptors;
  private final java.util.function.Consumer<String> notices;
  private LocalEndpoints local;
  private TargetNames resolvedNames;
  private Boolean databaseIsLocal;
  private Optional<Deployment> deployment;
  private AwsClients aws;
  private PgConnections postgres;
  private boolean closed;

  public TargetSession(
      Target target,
      Map<String, String> env,
      ResourceNames names,
      List<ExecutionInterceptor> interceptors) {
    this(target, env, names, interceptors, notice -> {});
  }

  /** With {@code notices} told what takes a while (the local environment's first start). */
  public TargetSession(
      Target target,
      Map<String, String> env,
      ResourceNames names,
      List<ExecutionInterceptor> interceptors,
      java.util.function.Consumer<String> notices) {
    this.target = target;
    this.env = Map.copyOf(env);
    this.names = names;
    this.interceptors = List.copyOf(interceptors);
    this.notices = notices;
  }

  public Target target() {
    return target;
  }

  /**
   * The target's resource names ({@link TargetNames}): given ones first, then the deployment's
   * outputs ({@code --outputs}, {@code --stack}), then the model's, only where the runner owns the
   * resources: never on AWS, nor where a deployment is named.
   */
  public synchronized TargetNames names() {
    if (resolvedNames == null) {
      Optional<Deployment> d = deployment();
      resolvedNames =
          TargetNames.resolve(names, d, target.kind() != Target.Kind.AWS && d.isEmpty());
    }
    return resolvedNames;
  }

  /**
   * The target as it is written to, for every message and report: {@link Target#describe()}, except
   * that local engines with a database that is not the local environment's own are said so ("local
   * engines, database postgresql://alice@db.example:5432/cruddur (CRUDDUR_DATABASE_URL)").
   */
  public String describe() {
    if (target.kind() == Target.Kind.LOCAL && !databaseIsLocal()) {
      GivenDatabase given = GivenDatabase.of(target, env).orElseThrow();
      return "local engines, database " + given.parsed() + " (" + given.source() + ")";
    }
    return target.describe();
  }

  /**
   * True when the target's PostgreSQL is the local environment's own: the local target with no
   * database given, or one given that is the local environment's server. Anything else is not
   * local, whatever the target says: a release there needs a context and a rollback its name.
   */
  public synchronized boolean databaseIsLocal() {
    if (databaseIsLocal == null) {
      Optional<GivenDatabase> given = GivenDatabase.of(target, env);
      databaseIsLocal =
          target.kind() == Target.Kind.LOCAL
              && (given.isEmpty() || isLocalServer(given.get().parsed()));
    }
    return databaseIsLocal;
  }

  private boolean isLocalServer(DatabaseUrls.Parsed url) {
    return LOOPBACK.contains(url.host()) && url.port() == local().postgresPort();
  }

  /** The deployment named by {@code --outputs} or {@code --stack}, if any. */
  public synchronized Optional<Deployment> deployment() {
    if (deployment == null) {
      if (target.deploymentOutputs().isPresent()) {
        deployment = Optional.of(Deployment.fromFile(target.deploymentOutputs().get()));
      } else if (target.stackName().isPresent()) {
        try (CloudFormationClient cloudFormation =
            aws().client(CloudFormationClient::builder, "CLOUDFORMATION")) {
          deployment = Optional.of(Deployment.fromStacks(cloudFormation, target.stackName().get()));
        } catch (SdkException e) {
          throw AwsErrors.translate(
              e,
              "reading stack " + target.stackName().get(),
              aws().describe("CloudFormation", "CLOUDFORMATION"));
        }
      } else {
        deployment = Optional.empty();
      }
    }
    return deployment;
  }

  /** PostgreSQL of the target. */
  public synchronized PgConnections postgres() {
    if (postgres == null) {
      postgres = resolvePostgres();
    }
    return postgres;
  }

  /** The AWS clients of the target. */
  public synchronized AwsClients aws() {
    if (closed) {
      // a client prepared in the background after the session ended would never be closed
      throw new IllegalStateException("the session of " + target.describe() + " is closed");
    }
    if (aws == null) {
      Optional<java.net.URI> endpoint =
          target.isLocal() ? Optional.of(local().awsEndpoint()) : Optional.empty();
      aws = new AwsClients(target, endpoint, env, interceptors);
    }
    return aws;
  }

  /** Every AWS call made so far (none if no client was built). */
  public synchronized List<AwsCallStats> awsCalls() {
    return aws == null ? List.of() : aws.calls();
  }

  /**
   * Starts building the AWS clients of {@code stores} on a daemon thread and returns at once, so
   * that the SDK's start-up (class loading and initialisation: most of a no-op release's time on a
   * small machine) overlaps the PostgreSQL work of a release instead of following it. Sends no
   * request and reads no data; a failure is left for the real call to report. On the local target
   * it starts the local environment if needed, as the first real call would.
   *
   * @return done when the clients are built (or failed to build)
   */
  public CompletableFuture<Void> prepareAwsClients(Set<Store> stores) {
    boolean dynamoDb = stores.contains(Store.DYNAMODB);
    boolean userPools = stores.contains(Store.COGNITO);
    if (!dynamoDb && !userPools) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread warm =
        new Thread(
            () -> {
              try {
                if (dynamoDb) {
                  dynamo();
                }
                if (userPools) {
                  cognito();
                }
              } catch (RuntimeException leftForTheRealCall) {
                // the same call on the release's own path fails again and reports it
              } finally {
                done.complete(null);
              }
            },
            "aws-clients");
    warm.setDaemon(true);
    warm.start();
    return done;
  }

  public DynamoDbClient dynamo() {
    return aws().dynamo();
  }

  public CognitoIdentityProviderClient cognito() {
    return aws().cognito();
  }

  /** The local environment's endpoints (starting it if needed); local target only. */
  public synchronized LocalEndpoints local() {
    if (!target.isLocal()) {
      throw new IllegalStateException("not a local target: " + target.describe());
    }
    if (local == null) {
      local = new LocalEngines(target.localDir().orElseThrow(), env, notices).endpoints();
    }
    return local;
  }

  private PgConnections resolvePostgres() {
    Optional<GivenDatabase> given = GivenDatabase.of(target, env);
    if (given.isPresent()) {
      DatabaseUrls.Parsed parsed = given.get().parsed();
      Optional<String> password =
          parsed.password().or(() -> Optional.ofNullable(env.get("PGPASSWORD")));
      Properties extra = new Properties();
      if (target.kind() == Target.Kind.AWS
          && RdsTls.isRdsHost(parsed.host())
          && !parsed.query().contains("sslmode")) {
        extra.putAll(RdsTls.verifyFull());
      }
      return new PgConnections(
          parsed.jdbcUrl(),
          parsed.user().orElse(env.getOrDefault("PGUSER", "postgres")),
          password.orElse(null),
          parsed.toString(),
          extra);
    }
    if (target.isLocal()) {
      LocalEndpoints e = local();
      String jdbc =
          "jdbc:postgresql://"
              + e.postgresHost()
              + ":"
              + e.postgresPort()
              + "/"
              + names.localDatabase();
      LocalLayout layout = new LocalLayout(target.localDir().orElseThrow());
      return new PgConnections(
              jdbc,
              e.user(),
              e.password(),
              "postgresql://"
                  + e.postgresHost()
                  + ":"
                  + e.postgresPort()
                  + "/"
                  + names.localDatabase(),
              new Properties())
          .onLocalDisk(new PgConnections.LocalDisk(layout.dir(), layout.postgresLog()));
    }
    Optional<Deployment> d = deployment();
    if (d.isPresent() && d.get().get(DeploymentOutputs.DB_ENDPOINT).isPresent()) {
      return fromDeployment(d.get());
    }
    throw CruddurException.of(
        ErrorCode.NO_DATABASE,
        "no PostgreSQL given for target " + target.describe(),
        "Pass --db-url postgresql://USER@HOST:5432/DB (password in PGPASSWORD), set"
            + " CRUDDUR_DATABASE_URL, or name the deployment with --outputs cdk-outputs.json /"
            + " --stack NAME");
  }

  /**
   * The deployed database: endpoint and name from the outputs, credentials from its secret, TLS
   * verified.
   */
  private PgConnections fromDeployment(Deployment d) {
    String host = d.require(DeploymentOutputs.DB_ENDPOINT, "connecting to PostgreSQL");
    String port = d.get(DeploymentOutputs.DB_PORT).orElse("5432");
    String database = d.get(DeploymentOutputs.DB_NAME).orElse("postgres");
    String secretArn = d.require(DeploymentOutputs.DB_SECRET_ARN, "the database credentials");
    DatabaseSecret secret = DatabaseSecret.read(this, secretArn);
    Properties extra = target.kind() == Target.Kind.AWS ? RdsTls.verifyFull() : new Properties();
    return new PgConnections(
        "jdbc:postgresql://" + host + ":" + port + "/" + database,
        secret.username(),
        secret.password(),
        "postgresql://"
            + secret.username()
            + "@"
            + host
            + ":"
            + port
            + "/"
            + database
            + " ("
            + d.source()
            + ")",
        extra);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (aws != null) {
      aws.close();
    }
  }
}
