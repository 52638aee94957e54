package app.cruddur.ops.runner.internal.targets;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.runner.api.AwsCallStats;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.DatabaseUrls;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.GivenDatabase;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.aws.AwsClients;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.local.LocalLayout;
import app.cruddur.ops.runner.internal.local.LocalState;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The I/O of one {@link ResolvedTarget}, each part opened lazily and once: the local engines
 * (started when a part needs them), the deployment's outputs and the resource names they give,
 * PostgreSQL, the AWS clients. The target itself is decided before: this class only connects.
 */
public final class Connections implements AutoCloseable {
  private final ResolvedTarget target;
  private final Map<String, String> env;
  private final List<ExecutionInterceptor> interceptors;
  private final Consumer<String> notices;
  private LocalEndpoints local;
  private TargetNames names;
  private Optional<Deployment> deployment;
  private AwsClients aws;
  private PgConnections postgres;
  private final Map<String, String> poolIds = new java.util.HashMap<>();
  private boolean closed;

  /**
   * @param target the target
   * @param env the environment AWS settings and the local engines' tools are read from
   * @param interceptors SDK interceptors on every AWS client (metrics; faults in tests)
   * @param notices told what takes a while (the local environment's first start)
   */
  public Connections(
      ResolvedTarget target,
      Map<String, String> env,
      List<ExecutionInterceptor> interceptors,
      Consumer<String> notices) {
    this.target = target;
    this.env = Map.copyOf(env);
    this.interceptors = List.copyOf(interceptors);
    this.notices = notices;
  }

  /** Connections with no interceptor and no one told of notices. */
  public Connections(ResolvedTarget target, Map<String, String> env) {
    this(target, env, List.of(), notice -> {});
  }

  public ResolvedTarget target() {
    return target;
  }

  /** The target's description ({@link ResolvedTarget#describe()}). */
  public String describe() {
    return target.describe();
  }

  /**
   * The target's resource names ({@link TargetNames}): given ones first, then the deployment's
   * outputs ({@code --outputs}, {@code --stack}), then the model's where the runner owns the store.
   */
  public synchronized TargetNames names() {
    if (names == null) {
      names = TargetNames.resolve(target, deployment());
    }
    return names;
  }

  /** The deployment named by {@code --outputs} or {@code --stack}, if any. */
  public synchronized Optional<Deployment> deployment() {
    if (deployment == null) {
      deployment = readDeployment();
    }
    return deployment;
  }

  private Optional<Deployment> readDeployment() {
    if (target.written().deploymentOutputs().isPresent()) {
      return Optional.of(Deployment.fromFile(target.written().deploymentOutputs().get()));
    }
    if (target.written().stackName().isEmpty()) {
      return Optional.empty();
    }
    String stack = target.written().stackName().get();
    try (CloudFormationClient cloudFormation =
        aws().client(CloudFormationClient::builder, "CLOUDFORMATION")) {
      return Optional.of(Deployment.fromStacks(cloudFormation, stack));
    } catch (SdkException e) {
      throw AwsErrors.translate(
          e, "reading stack " + stack, aws().describe("CloudFormation", "CLOUDFORMATION"));
    }
  }

  /** PostgreSQL of the target. */
  public synchronized PgConnections postgres() {
    if (postgres == null) {
      postgres = openPostgres();
    }
    return postgres;
  }

  /** The AWS clients of the target. */
  public synchronized AwsClients aws() {
    if (closed) {
      // a client prepared in the background after the session ended would never be closed
      throw new IllegalStateException("the connections of " + describe() + " are closed");
    }
    if (aws == null) {
      Optional<URI> endpoint =
          target.localEngines() ? Optional.of(local().awsEndpoint()) : Optional.empty();
      aws = new AwsClients(target.written(), endpoint, env, interceptors);
    }
    return aws;
  }

  /**
   * AWS clients of this (non-local) target built now, apart from {@link #aws()}: the shared files
   * read and the credentials resolved anew. For a caller that outlives one session of credentials
   * (following an hour-long release workflow outlives an OIDC session): it builds them again for
   * each round of calls, and closes them.
   */
  public AwsClients freshAws() {
    if (target.localEngines()) {
      throw new IllegalStateException("the local engines' credentials never change");
    }
    return new AwsClients(target.written(), Optional.empty(), env, interceptors);
  }

  /** Every AWS call made so far (none if no client was built). */
  public synchronized List<AwsCallStats> awsCalls() {
    return aws == null ? List.of() : aws.calls();
  }

  /**
   * Starts building the AWS clients of {@code stores} on a daemon thread and returns at once, so
   * that the SDK's start-up (class loading and initialisation: most of a no-op release's time on a
   * small machine) overlaps the PostgreSQL work of a release instead of following it. Sends no
   * request and reads no data; a failure is left for the real call to report. On the local engines
   * it starts them if needed, as the first real call would.
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

  /**
   * The id of the user pool named {@code name} as a lookup of this session found it (or a step of
   * it created it), if one did: the pool's identity check and the steps of one release then name
   * the same pool with one ListUserPools instead of one each. Nothing in the runner deletes a pool.
   */
  public synchronized Optional<String> knownPoolId(String name) {
    return Optional.ofNullable(poolIds.get(name));
  }

  /** Remembers that the pool named {@code name} has id {@code id} ({@link #knownPoolId}). */
  public synchronized void rememberPoolId(String name, String id) {
    poolIds.put(name, id);
  }

  public DynamoDbClient dynamo() {
    return aws().dynamo();
  }

  public CognitoIdentityProviderClient cognito() {
    return aws().cognito();
  }

  /**
   * What the local engines' supervisor recorded of their current run (ports, start, what moto came
   * back with), read without starting anything; empty off the local engines or when none runs.
   */
  public Optional<LocalState> localState() {
    if (!target.localEngines()) {
      return Optional.empty();
    }
    return LocalState.read(new LocalLayout(target.written().localDir().orElseThrow()).stateFile());
  }

  /** The local environment's endpoints (starting it if needed); local engines only. */
  public synchronized LocalEndpoints local() {
    if (!target.localEngines()) {
      throw new IllegalStateException("not the local engines: " + describe());
    }
    if (local == null) {
      local = new LocalEngines(target.written().localDir().orElseThrow(), env, notices).endpoints();
    }
    return local;
  }

  private PgConnections openPostgres() {
    if (target.database().isPresent()) {
      return given(target.database().get());
    }
    if (target.localEngines()) {
      return localEnvironments();
    }
    Optional<Deployment> d = deployment();
    if (d.isPresent() && d.get().get(DeploymentOutputs.DB_ENDPOINT).isPresent()) {
      return deployed(d.get());
    }
    throw CruddurException.of(
        ErrorCode.NO_DATABASE,
        "no PostgreSQL given for target " + describe(),
        "Pass --db-url postgresql://USER@HOST:5432/DB (password in PGPASSWORD), set"
            + " CRUDDUR_DATABASE_URL, or name the deployment with --outputs cdk-outputs.json /"
            + " --stack NAME");
  }

  private PgConnections given(GivenDatabase database) {
    DatabaseUrls.Parsed parsed = database.parsed();
    Optional<String> password =
        parsed.password().or(() -> Optional.ofNullable(env.get("PGPASSWORD")));
    Properties extra = new Properties();
    if (target.verifiesRdsTls()
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

  private PgConnections localEnvironments() {
    LocalEndpoints e = local();
    String server =
        e.postgresHost() + ":" + e.postgresPort() + "/" + target.names().localDatabase();
    LocalLayout layout = new LocalLayout(target.written().localDir().orElseThrow());
    return new PgConnections(
            "jdbc:postgresql://" + server,
            e.user(),
            e.password(),
            "postgresql://" + server,
            new Properties())
        .onLocalDisk(new PgConnections.LocalDisk(layout.dir(), layout.postgresLog()));
  }

  /**
   * The deployed database: endpoint and name from the outputs, credentials from its secret, TLS
   * verified on AWS.
   */
  private PgConnections deployed(Deployment d) {
    String host = d.require(DeploymentOutputs.DB_ENDPOINT, "connecting to PostgreSQL");
    String port = d.get(DeploymentOutputs.DB_PORT).orElse("5432");
    String database = d.get(DeploymentOutputs.DB_NAME).orElse("postgres");
    String secretArn = d.require(DeploymentOutputs.DB_SECRET_ARN, "the database credentials");
    DatabaseSecret secret = DatabaseSecret.read(this, secretArn);
    Properties extra = target.verifiesRdsTls() ? RdsTls.verifyFull() : new Properties();
    String server = host + ":" + port + "/" + database;
    return new PgConnections(
        "jdbc:postgresql://" + server,
        secret.username(),
        secret.password(),
        "postgresql://" + secret.username() + "@" + server + " (" + d.source() + ")",
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
