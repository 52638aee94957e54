package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.DatabaseUrls;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command acts. The embedded local environment is the default; anything else is said
 * explicitly: {@code --aws} (or {@code --profile}) for AWS through the standard credential and
 * region chain, {@code --endpoint-url} for any other endpoint. Nothing reaches AWS unless asked.
 */
public final class TargetOptions {
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Selection selection;

  static final class Selection {
    @ViaVehicle
    @Option(names = "--local", description = "The embedded local environment (default).")
    boolean local;

    @ViaVehicle
    @Option(
        names = "--aws",
        description =
            "AWS, by the default credential and region chain (AWS_ENDPOINT_URL_* honoured).")
    boolean aws;

    @ViaVehicle
    @Option(
        names = "--endpoint-url",
        paramLabel = "URL",
        description = "Any other endpoint for every AWS service (DynamoDB Local, LocalStack).")
    String endpointUrl;
  }

  @ViaVehicle
  @Configurable
  @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (implies --aws).")
  String profile;

  @ViaVehicle
  @Configurable
  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "AWS region (with --aws, --profile or --endpoint-url).")
  String region;

  @Option(
      names = "--db-url",
      paramLabel = "URL",
      description =
          "PostgreSQL of the target: postgresql://USER@HOST:5432/DB (password from PGPASSWORD)."
              + " Default: $CRUDDUR_DATABASE_URL, or the deployment's outputs. Another server than"
              + " the local environment's is never local: a release there needs --context, a"
              + " rollback --confirm.")
  String databaseUrl;

  @Configurable
  @Option(
      names = "--table",
      paramLabel = "NAME",
      description =
          "The messages table (default: the deployment's; locally cruddur-messages; on AWS no"
              + " default).")
  String table;

  @Configurable
  @Option(
      names = "--user-pool-id",
      paramLabel = "ID",
      description =
          "The Cognito user pool (default: the deployment's; locally, the pool named"
              + " cruddur-user-pool; on AWS no default).")
  String userPoolId;

  @Configurable
  @Option(
      names = "--user-pool-name",
      paramLabel = "NAME",
      description =
          "The Cognito user pool's name, when no id is given (default locally: cruddur-user-pool).")
  String userPoolName;

  @ViaVehicle
  @Configurable
  @Option(
      names = "--outputs",
      paramLabel = "FILE",
      description = "Resources named by a `cdk deploy --outputs-file` file (with --aws).")
  Path outputs;

  @ViaVehicle
  @Configurable
  @Option(
      names = "--stack",
      paramLabel = "NAME",
      description =
          "Resources named by CloudFormation stacks' outputs (with --aws): the stage prefix"
              + " (cruddur-prod: its data, auth, database and release stacks) or one stack.")
  String stack;

  /**
   * The target these options name.
   *
   * @throws CruddurException exit 2 for combinations that do not say what they mean
   */
  public Target resolve(Path localDir) {
    boolean endpoint = selection != null && selection.endpointUrl != null;
    boolean aws = selection != null && selection.aws || profile != null && !endpoint;
    boolean explicitLocal = selection != null && selection.local;
    if (explicitLocal && profile != null) {
      throw CruddurException.of(
          ErrorCode.CONFLICTING_OPTIONS,
          "--profile selects AWS and cannot be used with --local",
          "Use one of them");
    }
    Target target;
    if (endpoint) {
      URI uri = endpointUri(selection.endpointUrl);
      target = Target.endpoint(uri, Optional.ofNullable(profile), Optional.ofNullable(region));
    } else if (aws) {
      target = Target.aws(Optional.ofNullable(profile), Optional.ofNullable(region));
    } else {
      if (region != null) {
        throw CruddurException.of(
            ErrorCode.CONFLICTING_OPTIONS,
            "--region selects an AWS region but the target is the local environment",
            "Add --aws (or --profile NAME, or --endpoint-url URL)");
      }
      if (outputs != null || stack != null) {
        throw CruddurException.of(
            ErrorCode.CONFLICTING_OPTIONS,
            "--outputs and --stack name deployed AWS resources but the target is the local"
                + " environment",
            "Add --aws (or --profile NAME)");
      }
      target = Target.local(localDir);
    }
    if (databaseUrl != null) {
      target = target.withDatabaseUrl(databaseUrl);
    }
    if (outputs != null) {
      target = target.withDeploymentOutputs(outputs);
    }
    if (stack != null) {
      target = target.withStackName(stack);
    }
    return target;
  }

  /**
   * The flags given that name a resource or the database (--db-url, --table, --user-pool-id,
   * --user-pool-name).
   */
  public java.util.List<String> resourceFlags() {
    java.util.List<String> given = new java.util.ArrayList<>();
    if (databaseUrl != null) {
      given.add("--db-url");
    }
    if (table != null) {
      given.add("--table");
    }
    if (userPoolId != null) {
      given.add("--user-pool-id");
    }
    if (userPoolName != null) {
      given.add("--user-pool-name");
    }
    return given;
  }

  /** The resource names given. */
  public app.cruddur.ops.runner.api.ResourceNames names() {
    app.cruddur.ops.runner.api.ResourceNames names =
        app.cruddur.ops.runner.api.ResourceNames.defaults();
    if (table != null) {
      names = names.withTableName(table);
    }
    if (userPoolId != null) {
      names = names.withUserPoolId(userPoolId);
    }
    if (userPoolName != null) {
      names = names.withUserPoolName(userPoolName);
    }
    return names;
  }

  private static URI endpointUri(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new URISyntaxException(text, "not an http(s) URL with a host");
      }
      if (uri.getPort() == 0 || uri.getPort() > 65535) {
        throw new URISyntaxException(text, "its port " + uri.getPort() + " is not from 1 to 65535");
      }
      if (uri.getRawUserInfo() != null) {
        throw new URISyntaxException(
            DatabaseUrls.redact(text),
            "credentials do not belong in it (they come from --profile or the environment)");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw CruddurException.of(
          ErrorCode.BAD_ARGUMENT,
          "--endpoint-url '" + DatabaseUrls.redact(text) + "' is not a URL: " + e.getReason(),
          "Write it as http://HOST:PORT, e.g. http://localhost:4566");
    }
  }
}
