package app.cruddur.ops.runner.internal.aws;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.apache5.ProxyConfiguration;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The AWS settings of one process, read only from the environment map it is given (the CLI's
 * environment; a test's controlled one): the profile name, the shared config and credentials files,
 * static credentials, the region, the endpoint and proxy variables. Never {@code System.getenv},
 * system properties or the user's home behind the caller's back: the SDK is handed what it would
 * otherwise look up in the JVM's own environment.
 */
public final class AwsEnvironment {
  private final Map<String, String> env;

  private AwsEnvironment(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The settings in {@code env}. */
  public static AwsEnvironment of(Map<String, String> env) {
    return new AwsEnvironment(env);
  }

  /** A variable, if set and not blank. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  private boolean flag(String name) {
    return get(name).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
  }

  /** The profile: {@code --profile}, else {@code AWS_PROFILE}, else {@code default}. */
  public String profileName(Optional<String> explicit) {
    return explicit.filter(p -> !p.isBlank()).or(() -> get("AWS_PROFILE")).orElse("default");
  }

  /** {@code AWS_CONFIG_FILE}, else {@code $HOME/.aws/config}. */
  public Optional<Path> configFile() {
    return get("AWS_CONFIG_FILE")
        .map(Path::of)
        .or(() -> home().map(h -> h.resolve(".aws").resolve("config")));
  }

  /** {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code $HOME/.aws/credentials}. */
  public Optional<Path> credentialsFile() {
    return get("AWS_SHARED_CREDENTIALS_FILE")
        .map(Path::of)
        .or(() -> home().map(h -> h.resolve(".aws").resolve("credentials")));
  }

  private Optional<Path> home() {
    return get("HOME").map(Path::of);
  }

  /** The shared config and credentials files that exist, as one profile file (credentials win). */
  public ProfileFile profileFile() {
    ProfileFile.Aggregator files = ProfileFile.aggregator();
    configFile()
        .filter(Files::isRegularFile)
        .ifPresent(
            f ->
                files.addFile(
                    ProfileFile.builder().content(f).type(ProfileFile.Type.CONFIGURATION).build()));
    credentialsFile()
        .filter(Files::isRegularFile)
        .ifPresent(
            f ->
                files.addFile(
                    ProfileFile.builder().content(f).type(ProfileFile.Type.CREDENTIALS).build()));
    return files.build();
  }

  /**
   * The profile file the SDK's clients use for their own settings: {@code files}, plus {@code
   * ignore_configured_endpoint_urls} in {@code profile}, because endpoints are resolved here (the
   * SDK would otherwise read {@code AWS_ENDPOINT_URL*} from the JVM's own environment).
   */
  public static ProfileFile forClients(ProfileFile files, String profile) {
    String section = profile.equals("default") ? "[default]" : "[profile " + profile + "]";
    ProfileFile ours =
        ProfileFile.builder()
            .content(
                new ByteArrayInputStream(
                    (section + "\nignore_configured_endpoint_urls = true\n")
                        .getBytes(StandardCharsets.UTF_8)))
            .type(ProfileFile.Type.CONFIGURATION)
            .build();
    return ProfileFile.aggregator().addFile(files).addFile(ours).build();
  }

  /**
   * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (with {@code AWS_SESSION_TOKEN}),
   * when both are set.
   */
  public Optional<AwsCredentials> staticCredentials() {
    Optional<String> id = get("AWS_ACCESS_KEY_ID");
    Optional<String> secret = get("AWS_SECRET_ACCESS_KEY");
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> token = get("AWS_SESSION_TOKEN");
    return Optional.of(
        token
            .<AwsCredentials>map(t -> AwsSessionCredentials.create(id.get(), secret.get(), t))
            .orElseGet(() -> AwsBasicCredentials.create(id.get(), secret.get())));
  }

  /** The ECS/EKS container credentials endpoint, when the environment names one. */
  public Optional<String> containerCredentialsEndpoint() {
    return get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        .or(
            () ->
                get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").map(r -> "http://169.254.170.2" + r));
  }

  /** False when {@code AWS_EC2_METADATA_DISABLED=true}: no instance metadata service is asked. */
  public boolean instanceMetadataAllowed() {
    return !flag("AWS_EC2_METADATA_DISABLED");
  }

  /**
   * {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION} (as the AWS CLI), else the profile's {@code
   * region}.
   */
  public Optional<String> region(ProfileFile files, String profile) {
    return get("AWS_REGION")
        .or(() -> get("AWS_DEFAULT_REGION"))
        .or(
            () ->
                files
                    .profile(profile)
                    .flatMap(p -> p.property("region"))
                    .filter(r -> !r.isBlank()));
  }

  /** {@code AWS_USE_FIPS_ENDPOINT}, else the profile's {@code use_fips_endpoint}. */
  public boolean fips(ProfileFile files, String profile) {
    return booleanSetting("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", files, profile);
  }

  /** {@code AWS_USE_DUALSTACK_ENDPOINT}, else the profile's {@code use_dualstack_endpoint}. */
  public boolean dualstack(ProfileFile files, String profile) {
    return booleanSetting("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", files, profile);
  }

  private boolean booleanSetting(
      String variable, String property, ProfileFile files, String profile) {
    return get(variable)
        .or(() -> files.profile(profile).flatMap(p -> p.property(property)))
        .map(v -> v.strip().equalsIgnoreCase("true"))
        .orElse(false);
  }

  /**
   * The endpoint variables, as the AWS CLI reads them: {@code AWS_ENDPOINT_URL_<SERVICE>}, then
   * {@code AWS_ENDPOINT_URL}; none when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}.
   */
  public Optional<URI> endpoint(String serviceEnvId) {
    if (flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
      return Optional.empty();
    }
    return get("AWS_ENDPOINT_URL_" + serviceEnvId)
        .or(() -> get("AWS_ENDPOINT_URL"))
        .map(String::strip)
        .map(URI::create);
  }

  /**
   * The proxy for requests with {@code scheme} ({@code HTTPS_PROXY} or {@code HTTP_PROXY}, either
   * case, with {@code NO_PROXY}), and never one for loopback: the local engines are reached
   * directly.
   */
  public ProxyConfiguration proxy(String scheme) {
    ProxyConfiguration.Builder proxy = noProxy().toBuilder();
    String variable = "https".equalsIgnoreCase(scheme) ? "HTTPS_PROXY" : "HTTP_PROXY";
    Optional<URI> endpoint =
        get(variable)
            .or(() -> get(variable.toLowerCase(java.util.Locale.ROOT)))
            .map(String::strip)
            .map(v -> v.contains("://") ? v : "http://" + v)
            .map(URI::create);
    if (endpoint.isEmpty()) {
      return proxy.build();
    }
    URI uri = endpoint.get();
    proxy.endpoint(
        URI.create(
            uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "")));
    if (uri.getUserInfo() != null) {
      String[] userInfo = uri.getUserInfo().split(":", 2);
      proxy.username(userInfo[0]);
      if (userInfo.length > 1) {
        proxy.password(userInfo[1]);
      }
    }
    proxy.nonProxyHosts(nonProxyHosts());
    return proxy.build();
  }

  /**
   * No proxy at all, whatever the JVM's environment and system properties say (the SDK's default
   * reads both).
   */
  public static ProxyConfiguration noProxy() {
    return ProxyConfiguration.builder()
        .useSystemPropertyValues(false)
        .useEnvironmentVariableValues(false)
        .build();
  }

  private Set<String> nonProxyHosts() {
    Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    get("NO_PROXY")
        .or(() -> get("no_proxy"))
        .ifPresent(
            list -> {
              for (String h : list.split(",")) {
                String host = h.strip();
                if (!host.isEmpty()) {
                  hosts.add(host.startsWith(".") ? "*" + host : host);
                }
              }
            });
    return hosts;
  }
}
