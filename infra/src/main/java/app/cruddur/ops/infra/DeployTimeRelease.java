package app.cruddur.ops.infra;

import app.cruddur.ops.model.ReleaseVehicle;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * {@code cdk deploy} releases: a custom resource whose provider (the CDK's Provider framework)
 * invokes the release vehicle synchronously, after the data, auth and database stacks are in place.
 * Its properties are the package's fingerprint and the target, so CloudFormation calls it exactly
 * when the runner, seeders/, migrations/ or a resource of the stage changed (an unchanged deploy
 * does not run it; a changed one with nothing to do is the release's quick no-op). A failed release
 * fails the resource, hence the deployment, with the release's error line as the reason.
 *
 * <p>Not a CDK Trigger: a trigger waits 2 minutes by default and hides failures when invoked
 * asynchronously; the Provider framework waits up to its 15 minutes for the synchronous answer.
 */
public final class DeployTimeRelease extends Construct {
  /** The custom resource's type, as CloudFormation shows it. */
  public static final String RESOURCE_TYPE = "Custom::CruddurRelease";

  private final Provider provider;
  private final CustomResource release;
  private final LogGroup providerLogs;

  /** Defines the provider and the custom resource that releases through {@code vehicle}. */
  public DeployTimeRelease(
      Construct scope,
      String id,
      ReleaseVehicleFunction vehicle,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy) {
    super(scope, id);
    providerLogs =
        LogGroup.Builder.create(this, "ProviderLogs")
            .retention(logRetention)
            .removalPolicy(removalPolicy)
            .build();
    provider =
        Provider.Builder.create(this, "Provider")
            .onEventHandler(vehicle.function())
            .logGroup(providerLogs)
            .build();
    release =
        CustomResource.Builder.create(this, "Release")
            .serviceToken(provider.getServiceToken())
            .resourceType(RESOURCE_TYPE)
            // the provider's own limit is 15 minutes; CloudFormation's default wait would be an
            // hour
            .serviceTimeout(Duration.minutes(20))
            .properties(
                new TreeMap<>(
                    Map.of(
                        ReleaseVehicle.PACKAGE_PROPERTY, vehicle.packageFingerprint(),
                        ReleaseVehicle.TARGET_PROPERTY, vehicle.target())))
            .build();
  }

  /** The Provider framework. */
  public Provider provider() {
    return provider;
  }

  /** The custom resource. */
  public CustomResource release() {
    return release;
  }

  /** The provider function's log group. */
  public LogGroup providerLogs() {
    return providerLogs;
  }
}
