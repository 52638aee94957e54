package app.cruddur.ops.infra;

import app.cruddur.ops.model.ReleaseWorkflow;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.LinuxArmBuildImage;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.codebuild.S3SourceProps;
import software.amazon.awscdk.services.codebuild.Source;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * Where a step longer than a slice runs (an index built {@code CONCURRENTLY} on a large table): a
 * CodeBuild project in the database's isolated subnets, beside the vehicle and with its security
 * group and rights, on a managed Amazon Linux image with Java 17 (no Docker anywhere, no image to
 * build). Its source is the vehicle's own package, the same asset as the function's; a build runs
 * {@value ReleaseWorkflow#LONG_STEP_MAIN} on it with the event the workflow passes in {@value
 * ReleaseWorkflow#LONG_STEP_EVENT_ENV}, for up to {@link ReleaseWorkflow#LONG_STEP_TIMEOUT}. Only
 * the stage's release workflow starts it.
 */
public final class LongStepProject extends Construct {
  private final Project project;
  private final Asset source;
  private final LogGroup logGroup;
  private final String projectName;

  /**
   * What the project needs.
   *
   * @param stage the stage (its name is in the project's)
   * @param vehicleJar the vehicle module's package (the build's source)
   * @param vehicle the vehicle, whose environment, rights and security group the build takes
   * @param vpc the database's VPC
   * @param logRetention of its log group
   * @param removalPolicy of its log group
   */
  public record Props(
      String stage,
      Path vehicleJar,
      ReleaseVehicleFunction vehicle,
      IVpc vpc,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy) {
    public Props {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(vehicleJar, "vehicleJar");
      Objects.requireNonNull(vehicle, "vehicle");
      Objects.requireNonNull(vpc, "vpc");
      Objects.requireNonNull(logRetention, "logRetention");
      Objects.requireNonNull(removalPolicy, "removalPolicy");
    }
  }

  /** Defines the project, its source asset and its log group. */
  public LongStepProject(Construct scope, String id, Props props) {
    super(scope, id);
    projectName = ReleaseWorkflow.longStepProjectName(props.stage());
    source = Asset.Builder.create(this, "Package").path(props.vehicleJar().toString()).build();
    logGroup =
        LogGroup.Builder.create(this, "Logs")
            .retention(props.logRetention())
            .removalPolicy(props.removalPolicy())
            .build();

    Map<String, BuildEnvironmentVariable> variables = new LinkedHashMap<>();
    props
        .vehicle()
        .environment()
        .forEach(
            (name, value) ->
                variables.put(name, BuildEnvironmentVariable.builder().value(value).build()));
    ISecurityGroup securityGroup = props.vehicle().securityGroup();
    project =
        Project.Builder.create(this, "Project")
            .projectName(projectName)
            .description(
                "Cruddur release: a step longer than a slice, started by the release workflow ("
                    + props.stage()
                    + ")")
            .source(
                Source.s3(
                    S3SourceProps.builder()
                        .bucket(source.getBucket())
                        .path(source.getS3ObjectKey())
                        .build()))
            .environment(
                BuildEnvironment.builder()
                    .buildImage(LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0)
                    .computeType(ComputeType.SMALL)
                    .environmentVariables(variables)
                    .build())
            .buildSpec(BuildSpec.fromObjectToYaml(buildSpec()))
            .vpc(props.vpc())
            .subnetSelection(
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .securityGroups(List.of(securityGroup))
            .timeout(Duration.minutes(ReleaseWorkflow.LONG_STEP_TIMEOUT.toMinutes()))
            .logging(
                LoggingOptions.builder()
                    .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logGroup).build())
                    .build())
            .build();
    props.vehicle().grantRelease(project.getRole());
  }

  /**
   * Java 17 from the image, and the package on the class path whether CodeBuild unpacked the jar (a
   * zip) into the source directory or left it whole.
   */
  private static Map<String, Object> buildSpec() {
    return new TreeMap<>(
        Map.of(
            "version",
            "0.2",
            "phases",
            new TreeMap<>(
                Map.of(
                    "install",
                    Map.of("runtime-versions", Map.of("java", "corretto17")),
                    "build",
                    Map.of(
                        "commands",
                        List.of(
                            "java -cp \"$CODEBUILD_SRC_DIR:$CODEBUILD_SRC_DIR/*\" "
                                + ReleaseWorkflow.LONG_STEP_MAIN))))));
  }

  /** The project's name, as written (not a token): what the workflow starts it by. */
  public String projectName() {
    return projectName;
  }

  /** The CodeBuild project. */
  public Project project() {
    return project;
  }

  /** Its source: the vehicle's package in the asset bucket. */
  public Asset source() {
    return source;
  }

  /** Its log group, with a retention. */
  public LogGroup logGroup() {
    return logGroup;
  }
}
