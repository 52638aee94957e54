package app.cruddur.ops.runner.internal.aws;

import app.cruddur.ops.runner.internal.local.LocalLayout;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/** Clients of the local engine built outside a target session (the supervisor's stream poller). */
public final class LocalEngineClients {
  private LocalEngineClients() {}

  /**
   * Points {@code builder} at the local engine as every local client is: its static credentials and
   * region, no profile, no endpoint variable, no proxy (for clients built outside a session: the
   * supervisor's stream poller).
   */
  public static <B extends AwsClientBuilder<B, C>, C> B localEngine(B builder, URI endpoint) {
    builder
        .endpointOverride(endpoint)
        .region(Region.of(LocalLayout.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    LocalLayout.ACCESS_KEY_ID, LocalLayout.SECRET_ACCESS_KEY)))
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
