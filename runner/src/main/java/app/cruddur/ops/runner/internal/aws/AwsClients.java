package app.cruddur.ops.runner.internal.aws;

import app.cruddur.ops.runner.api.Target;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.apache5.ProxyConfiguration;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS clients of one target, each built once per process on one shared HTTP client: region,
 * credentials and endpoint resolved the way the AWS CLI does ({@code --endpoint-url}, then {@code
 * AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}; credentials and region from {@code
 * --profile} or the environment and the shared files), and the static local credentials on the
 * local target. Everything comes from the environment map it is given ({@link AwsEnvironment}),
 * nothing from the JVM's own environment or system properties: the local target uses no profile, no
 * proxy and no endpoint variable at all.
 */
public final class AwsClients implements AutoCloseable {
  /** Parallel requests one process may have in flight (batch writers share the pool). */
  public static final int MAX_CONNECTIONS = 64;

  private final Target target;
  private final Optional<URI> localEndpoint;
  private final AwsEnvironment env;
  private final String profile;
  private final List<ExecutionInterceptor> interceptors;
  private final List<AutoCloseable> built = new ArrayList<>();
  private final CallCounter calls = new CallCounter();
  private SdkHttpClient http;
  private Region region;
  private AwsCredentialsProvider credentials;
  private ProfileFile profileFile;
  private DynamoDbClient dynamo;
  private CognitoIdentityProviderClient cognito;

  /**
   * @param target where the clients point
   * @param localEndpoint moto's endpoint, for the local target
   * @param env environment variables: the only source of AWS settings (profile, files, keys,
   *     region, endpoint and proxy variables)
   * @param interceptors SDK interceptors added to every client (metrics, fault injection in tests)
   */
  public AwsClients(
      Target target,
      Optional<URI> localEndpoint,
      Map<String, String> env,
      List<ExecutionInterceptor> interceptors) {
    this.target = target;
    this.localEndpoint = localEndpoint;
    this.env = AwsEnvironment.of(env);
    this.profile = this.env.profileName(target.profile());
    this.interceptors = List.copyOf(interceptors);
    if (localEngine() && localEndpoint.isEmpty()) {
      throw new IllegalArgumentException("the local target needs the local endpoint");
    }
  }

  /** True for the local environment's engine: its fixed region and keys, nothing of the profile. */
  private boolean localEngine() {
    return target.kind() == Target.Kind.LOCAL;
  }

  /** The DynamoDB client. */
  public synchronized DynamoDbClient dynamo() {
    if (dynamo == null) {
      dynamo = build(DynamoDbClient.builder(), "DYNAMODB");
    }
    return dynamo;
  }

  /** The Cognito user pools client. */
  public synchronized CognitoIdentityProviderClient cognito() {
    if (cognito == null) {
      cognito = build(CognitoIdentityProviderClient.builder(), "COGNITO_IDENTITY_PROVIDER");
    }
    return cognito;
  }

  /** Builds any other service client the same way (streams, secrets, CloudFormation). */
  public synchronized <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C client(
      Supplier<B> builder, String serviceEnvId) {
    return build(builder.get(), serviceEnvId);
  }

  /**
   * As {@link #client}, for calls of up to {@code longest} never to be retried (a release in the
   * vehicle), on its own connection.
   */
  public synchronized <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C longCallClient(
      Supplier<B> builder, String serviceEnvId, Duration longest) {
    Duration limit = longest.plusMinutes(1);
    SdkHttpClient own =
        Apache5HttpClient.builder()
            .maxConnections(1)
            .connectionTimeout(Duration.ofSeconds(localEngine() ? 2 : 5))
            .socketTimeout(limit)
            .build();
    built.add(own);
    return build(
        builder.get(),
        serviceEnvId,
        ClientOverrideConfiguration.builder()
            .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(limit)
            .apiCallTimeout(limit),
        own);
  }

  /** Where a service's requests go, for messages: the endpoint, or the service in the region. */
  public String describe(String service, String serviceEnvId) {
    return service + endpoint(serviceEnvId).map(e -> " at " + e).orElse(" in " + region().id());
  }

  /** Where DynamoDB's requests go, for messages ("DynamoDB at …", "DynamoDB in …"). */
  public String describeDynamoDb() {
    return describe("DynamoDB", "DYNAMODB");
  }

  /** Every AWS call made through these clients so far, with the SDK's retries. */
  public List<app.cruddur.ops.runner.api.AwsCallStats> calls() {
    return calls.snapshot();
  }

  /** The region requests are signed for. */
  public synchronized Region region() {
    if (region == null) {
      region = TargetRegion.resolve(target, env, profileFile(), profile);
    }
    return region;
  }

  /** The endpoint override of a service, if any (null means AWS's own endpoint). */
  public Optional<URI> endpoint(String serviceEnvId) {
    if (localEngine()) {
      return localEndpoint;
    }
    if (target.endpointUrl().isPresent()) {
      return target.endpointUrl();
    }
    return env.endpoint(serviceEnvId);
  }

  /**
   * The shared config and credentials files of this target (none on the local target), with
   * endpoint lookups by the SDK itself turned off: {@link #endpoint} has resolved them.
   */
  private synchronized ProfileFile profileFile() {
    if (profileFile == null) {
      profileFile = localEngine() ? ProfileFile.aggregator().build() : env.profileFile();
    }
    return profileFile;
  }

  private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C build(
      B builder, String serviceEnvId) {
    return build(
        builder,
        serviceEnvId,
        ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.STANDARD)
            .apiCallAttemptTimeout(localEngine() ? Duration.ofSeconds(20) : Duration.ofSeconds(30))
            .apiCallTimeout(localEngine() ? Duration.ofSeconds(45) : Duration.ofSeconds(120)),
        http());
  }

  private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C build(
      B builder,
      String serviceEnvId,
      ClientOverrideConfiguration.Builder override,
      SdkHttpClient httpClient) {
    override.addExecutionInterceptor(calls);
    interceptors.forEach(override::addExecutionInterceptor);
    String sdkProfile = localEngine() ? "default" : profile;
    override
        .defaultProfileFile(AwsEnvironment.forClients(profileFile(), sdkProfile))
        .defaultProfileName(sdkProfile);
    builder
        .region(region())
        .credentialsProvider(credentials())
        .overrideConfiguration(override.build());
    builder.fipsEnabled(!localEngine() && env.fips(profileFile(), profile));
    builder.dualstackEnabled(!localEngine() && env.dualstack(profileFile(), profile));
    endpoint(serviceEnvId).ifPresent(builder::endpointOverride);
    if (builder
        instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClient(httpClient);
    }
    C client = builder.build();
    built.add(client);
    return client;
  }

  private synchronized SdkHttpClient http() {
    if (http == null) {
      Apache5HttpClient.Builder builder =
          Apache5HttpClient.builder()
              .maxConnections(MAX_CONNECTIONS)
              .connectionTimeout(Duration.ofSeconds(localEngine() ? 2 : 5))
              .socketTimeout(Duration.ofSeconds(30))
              .proxyConfiguration(proxy());
      if (plainHttpOnly()) {
        // no trust store loaded for connections that never use TLS (see LazyTlsStrategy)
        builder.tlsSocketStrategy(new LazyTlsStrategy());
      }
      http = builder.build();
    }
    return http;
  }

  /**
   * No proxy for the local engine or a loopback endpoint; otherwise the environment's, for the
   * endpoint's scheme.
   */
  private ProxyConfiguration proxy() {
    Optional<URI> endpoint = endpoint("DYNAMODB");
    boolean loopback =
        localEngine()
            || endpoint
                .map(URI::getHost)
                .map(
                    h ->
                        h.equals("localhost")
                            || h.equals("127.0.0.1")
                            || h.equals("[::1]")
                            || h.startsWith("127."))
                .orElse(false);
    return loopback
        ? AwsEnvironment.noProxy()
        : env.proxy(endpoint.map(URI::getScheme).orElse("https"));
  }

  /**
   * True when every service of this target is reached over plain http (the local engine, or an
   * {@code --endpoint-url http://…}); AWS itself, https endpoints and AWS_ENDPOINT_URL_* keep the
   * SDK's own TLS set-up untouched.
   */
  boolean plainHttpOnly() {
    if (target.kind() == Target.Kind.AWS) {
      return false;
    }
    return endpoint("DYNAMODB").map(u -> "http".equalsIgnoreCase(u.getScheme())).orElse(false);
  }

  private synchronized AwsCredentialsProvider credentials() {
    if (credentials == null) {
      if (localEngine()) {
        credentials =
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    LocalEngineClients.ACCESS_KEY_ID, LocalEngineClients.SECRET_ACCESS_KEY));
      } else {
        credentials = CredentialSources.of(env, target.profile(), profileFile());
      }
    }
    return credentials;
  }

  @Override
  public synchronized void close() {
    for (AutoCloseable client : built) {
      try {
        client.close();
      } catch (Exception ignored) {
        // closing at exit
      }
    }
    built.clear();
    if (http != null) {
      http.close();
      http = null;
    }
    dynamo = null;
    cognito = null;
  }
}
