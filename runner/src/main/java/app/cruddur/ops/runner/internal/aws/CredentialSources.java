package app.cruddur.ops.runner.internal.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The credential chain of a non-local target, built from an {@link AwsEnvironment} the way the AWS
 * CLI resolves it: an explicit {@code --profile} is that profile alone (credentials exported for
 * another account never override it); otherwise the environment's keys, the profile ({@code
 * AWS_PROFILE} or {@code default}), the container endpoint, the instance role. The first source
 * that answers is kept.
 */
final class CredentialSources implements AwsCredentialsProvider {
  private record Source(String description, AwsCredentialsProvider provider) {}

  private final List<Source> sources;
  private volatile AwsCredentialsProvider found;

  private CredentialSources(List<Source> sources) {
    this.sources = List.copyOf(sources);
  }

  static CredentialSources of(
      AwsEnvironment env, Optional<String> explicitProfile, ProfileFile files) {
    String profile = env.profileName(explicitProfile);
    List<Source> sources = new ArrayList<>();
    boolean onlyTheProfile = explicitProfile.filter(p -> !p.isBlank()).isPresent();
    if (!onlyTheProfile) {
      env.staticCredentials()
          .ifPresent(
              c -> sources.add(new Source("environment", StaticCredentialsProvider.create(c))));
    }
    sources.add(
        new Source(
            "profile '" + profile + "'",
            ProfileCredentialsProvider.builder().profileFile(files).profileName(profile).build()));
    if (!onlyTheProfile) {
      env.containerCredentialsEndpoint()
          .ifPresent(
              endpoint ->
                  sources.add(
                      new Source(
                          "container",
                          ContainerCredentialsProvider.builder().endpoint(endpoint).build())));
      if (env.instanceMetadataAllowed()) {
        sources.add(
            new Source(
                "instance role",
                InstanceProfileCredentialsProvider.builder()
                    .profileFile(files)
                    .profileName(profile)
                    .build()));
      }
    }
    return new CredentialSources(sources);
  }

  /** The sources, in the order they are tried. */
  List<String> descriptions() {
    return sources.stream().map(Source::description).toList();
  }

  @Override
  public AwsCredentials resolveCredentials() {
    AwsCredentialsProvider provider = found;
    if (provider != null) {
      return provider.resolveCredentials();
    }
    for (Source source : sources) {
      try {
        AwsCredentials credentials = source.provider().resolveCredentials();
        found = source.provider();
        return credentials;
      } catch (RuntimeException notThere) {
        // next source
      }
    }
    throw SdkClientException.builder()
        .message("Unable to load credentials from " + String.join(", ", descriptions()))
        .cause(new NoCredentials(descriptions()))
        .build();
  }

  /** No source had credentials; {@link AwsErrors} says where it looked. */
  static final class NoCredentials extends RuntimeException {
    private final List<String> looked;

    NoCredentials(List<String> looked) {
      super("no credentials in: " + String.join(", ", looked), null, false, false);
      this.looked = List.copyOf(looked);
    }

    List<String> looked() {
      return looked;
    }
  }

  @Override
  public String toString() {
    return "CredentialSources" + descriptions();
  }
}
