package app.cruddur.ops.runner.internal.aws;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Target;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;

/**
 * The region a target's requests are signed for, as the AWS CLI finds it: {@code --region}, then
 * the environment and the profile, then the instance's own (unless instance metadata is off); the
 * local target's fixed region. A name that is not an AWS region is exit 4 on AWS.
 */
final class TargetRegion {
  private TargetRegion() {}

  static Region resolve(
      Target target, AwsEnvironment env, ProfileFile profileFile, String profile) {
    if (target.kind() == Target.Kind.LOCAL) {
      return Region.of(LocalEngineClients.REGION);
    }
    Optional<String> configured = target.region().or(() -> env.region(profileFile, profile));
    if (configured.isPresent()) {
      String id = configured.get().strip();
      if (target.kind() == Target.Kind.AWS && !Region.regions().contains(Region.of(id))) {
        throw CruddurException.of(
            ErrorCode.REGION,
            "'" + id + "' is not an AWS region",
            "Pass a region such as --region us-east-1");
      }
      return Region.of(id);
    }
    if (env.instanceMetadataAllowed()) {
      try {
        return new InstanceProfileRegionProvider().getRegion();
      } catch (SdkClientException notOnAws) {
        // fall through to the error
      }
    }
    throw CruddurException.of(
        ErrorCode.REGION,
        "no AWS region for " + target.describe(),
        "Pass --region, set AWS_REGION, or set a region in the profile '" + profile + "'");
  }
}
