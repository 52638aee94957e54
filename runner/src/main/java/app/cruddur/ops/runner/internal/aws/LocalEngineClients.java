package app.cruddur.ops.runner.internal.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * The local engine as every client addresses it: its fixed region and keys, and clients built
 * outside a target's connections (the supervisor's stream poller).
 */
public final class LocalEngineClients {
  /** Region the local engine is addressed in. */
  public static final String REGION = "us-east-1";

  /** Static credentials moto accepts; not secrets. */
  public static final String ACCESS_KEY_ID = "test";

  /** Static credentials moto accepts; not secrets. */
  public static final String SECRET_ACCESS_KEY = "test";

  private LocalEngineClients() {}

  /**
   * Points {@code builder} at the local engine as every local client is: its static credentials and
   * region, no profile, no endpoint variable, no proxy (for clients built outside a session: the
   * supervisor's stream poller).
   */
  public static <B extends AwsClientBuilder<B, C>, C> B localEngine(B builder, URI endpoint) {
    builder
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY)))
        .overrideConfiguration(
            o ->
                o.defaultProfileFile(
                        AwsEnvironment.forClients(ProfileFile.aggregator().build(), "default"))
                    .defaultProfileName("default"));
    if (builder
        instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(
          Apache5HttpClient.builder().proxyConfiguration(AwsEnvironment.noProxy()));
    }
    return builder;
  }
}
