package app.cruddur.ops.runner.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a command acts. Always explicit: the embedded local environment (the default), AWS through
 * the standard credential and region chain, or any other endpoint (DynamoDB Local, LocalStack).
 * {@link #toString()} never shows the database password.
 *
 * @param kind local, AWS or another endpoint
 * @param localDir the local environment's directory (local target)
 * @param profile AWS profile (AWS target)
 * @param region region override
 * @param endpointUrl endpoint of every AWS service (endpoint target)
 * @param databaseUrl PostgreSQL of a non-local target: {@code
 *     postgresql://user[:password]@host:port/db}
 * @param deploymentOutputs a {@code cdk deploy --outputs-file} file naming the target's resources
 * @param stackName a CloudFormation stack whose outputs name the target's resources
 */
public record Target(
    Kind kind,
    Optional<Path> localDir,
    Optional<String> profile,
    Optional<String> region,
    Optional<URI> endpointUrl,
    Optional<String> databaseUrl,
    Optional<Path> deploymentOutputs,
    Optional<String> stackName) {

  /** The three kinds of target. */
  public enum Kind {
    /** The embedded local environment. */
    LOCAL,
    /** AWS, by the default credential and region chain (and AWS_ENDPOINT_URL_* when set). */
    AWS,
    /** Any other endpoint for every AWS service. */
    ENDPOINT
  }

  public Target {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(localDir, "localDir");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpointUrl, "endpointUrl");
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(deploymentOutputs, "deploymentOutputs");
    Objects.requireNonNull(stackName, "stackName");
    if (kind == Kind.LOCAL && localDir.isEmpty()) {
      throw new IllegalArgumentException("a local target needs its directory");
    }
    if (kind == Kind.ENDPOINT && endpointUrl.isEmpty()) {
      throw new IllegalArgumentException("an endpoint target needs its URL");
    }
  }

  /** The embedded local environment kept in {@code dir}. */
  public static Target local(Path dir) {
    return new Target(
        Kind.LOCAL,
        Optional.of(dir),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** AWS with the default chain, optionally a profile and a region. */
  public static Target aws(Optional<String> profile, Optional<String> region) {
    return new Target(
        Kind.AWS,
        Optional.empty(),
        profile,
        region,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** Another endpoint for every AWS service. */
  public static Target endpoint(URI endpoint, Optional<String> region) {
    return endpoint(endpoint, Optional.empty(), region);
  }

  /** Another endpoint for every AWS service, with credentials of an AWS profile. */
  public static Target endpoint(URI endpoint, Optional<String> profile, Optional<String> region) {
    return new Target(
        Kind.ENDPOINT,
        Optional.empty(),
        profile,
        region,
        Optional.of(endpoint),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** This target with its PostgreSQL given by URL. */
  public Target withDatabaseUrl(String url) {
    return new Target(
        kind,
        localDir,
        profile,
        region,
        endpointUrl,
        Optional.of(url),
        deploymentOutputs,
        stackName);
  }

  /** This target with resources named by a deployment outputs file. */
  public Target withDeploymentOutputs(Path file) {
    return new Target(
        kind, localDir, profile, region, endpointUrl, databaseUrl, Optional.of(file), stackName);
  }

  /** This target with resources named by a stack's outputs. */
  public Target withStackName(String name) {
    return new Target(
        kind,
        localDir,
        profile,
        region,
        endpointUrl,
        databaseUrl,
        deploymentOutputs,
        Optional.of(name));
  }

  /**
   * A one-line description of the engines, for humans, without secrets: what a command writes to is
   * described by {@link ResolvedTarget#describe()}, which also says whose database it is.
   */
  public String describe() {
    return switch (kind) {
      case LOCAL -> "local";
      case AWS ->
          "aws"
              + profile.map(p -> " profile " + p).orElse("")
              + region.map(r -> " region " + r).orElse("");
      case ENDPOINT ->
          "endpoint " + endpointUrl.orElseThrow() + region.map(r -> " region " + r).orElse("");
    };
  }

  @Override
  public String toString() {
    return "Target["
        + describe()
        + databaseUrl.map(u -> ", database " + DatabaseUrls.redact(u)).orElse("")
        + "]";
  }
}
