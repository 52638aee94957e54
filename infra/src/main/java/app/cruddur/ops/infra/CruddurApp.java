package app.cruddur.ops.infra;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MessagesTable;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.constructs.Construct;

/**
 * The CDK app: {@code npx cdk synth|deploy -c stage=dev|prod} runs {@link #main} (see cdk.json).
 *
 * <p>Context: {@code stage} ({@code dev}, the default, or {@code prod}); {@code releaseOnDeploy}
 * ({@code true}, the default: {@code cdk deploy} runs the release; {@code false} deploys the
 * vehicle without running it, for moto and for pipelines that release in a step of their own);
 * {@code pipeline=true} for the CDK Pipelines stack instead of the stage's stacks (see {@link
 * PipelineStack}); {@code functionsJar} and {@code vehicleJar} (defaults {@value
 * #DEFAULT_FUNCTIONS_JAR} and {@value #DEFAULT_VEHICLE_JAR}, relative to the repository root);
 * {@code adoptTable}, {@code tableImport}, {@code userPoolId}, {@code restoreFromSnapshot} and
 * {@code snapshotMasterUsername} for a stage that takes over a deployment made before it (see
 * {@link ExistingResources}). The stacks are environment-agnostic (no account, region or lookups),
 * so synth is offline and deterministic.
 */
public final class CruddurApp {
  /** Where the functions module's build puts the Lambda jar, relative to the repository root. */
  public static final String DEFAULT_FUNCTIONS_JAR =
      "functions/target/cruddur-functions-lambda.jar";

  /** Where the vehicle module's build puts its package, relative to the repository root. */
  public static final String DEFAULT_VEHICLE_JAR = "vehicle/target/cruddur-vehicle-lambda.jar";

  private CruddurApp() {}

  /**
   * The app's stacks of one stage.
   *
   * @param data the messages table and its stream consumer
   * @param auth the user pool
   * @param database the VPC and the PostgreSQL instance
   * @param release the release vehicle, its endpoints and the deploy-time release
   */
  public record Stacks(
      DataStack data, AuthStack auth, DatabaseStack database, ReleaseStack release) {}

  /**
   * The packages the stacks deploy, which must exist (assets are hashed at synth).
   *
   * @param functionsJar the stream Lambda's jar
   * @param vehicleJar the release vehicle's package
   */
  public record Packages(Path functionsJar, Path vehicleJar) {
    public Packages {
      Objects.requireNonNull(functionsJar, "functionsJar");
      Objects.requireNonNull(vehicleJar, "vehicleJar");
    }

    /** The packages at these paths, checked. */
    public static Packages at(String functionsJar, String vehicleJar) {
      return new Packages(
          existing(functionsJar, "the Lambda jar", "functions"),
          existing(vehicleJar, "the release vehicle's package", "vehicle"));
    }
  }

  /**
   * Synthesizes the app of the stage given with {@code -c stage=…}, or the pipeline. Bad context or
   * a missing package is one {@code error:} line (the CDK CLI shows it) and exit 2, not a stack
   * trace.
   */
  public static void main(String[] args) {
    try {
      synthesize();
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void synthesize() {
    App app = new App();
    Packages packages =
        Packages.at(
            context(app, "functionsJar", DEFAULT_FUNCTIONS_JAR),
            context(app, "vehicleJar", DEFAULT_VEHICLE_JAR));
    if (Boolean.parseBoolean(context(app, "pipeline", "false"))) {
      PipelineStack.define(
          app, PipelineStack.Settings.fromContext(app.getNode()::tryGetContext), packages);
    } else {
      StageConfig config = StageConfig.forStage((String) app.getNode().tryGetContext("stage"));
      define(app, config, packages, Boolean.parseBoolean(context(app, "releaseOnDeploy", "true")));
      checkWithNag(app);
    }
    app.synth();
  }

  /**
   * Defines the stacks of {@code config} in {@code scope} (the app, or a pipeline's stage), with
   * the cdk-nag findings accepted in {@link AcceptedNagFindings}, taking over the resources the
   * context names ({@link ExistingResources#fromContext}).
   */
  public static Stacks define(
      Construct scope, StageConfig config, Packages packages, boolean releaseOnDeploy) {
    return define(
        scope,
        config,
        ExistingResources.fromContext(scope.getNode()::tryGetContext, config.stage()),
        packages,
        releaseOnDeploy);
  }

  /** Defines the stacks of {@code config} in {@code scope}, taking over {@code existing}. */
  public static Stacks define(
      Construct scope,
      StageConfig config,
      ExistingResources existing,
      Packages packages,
      boolean releaseOnDeploy) {
    Tags.of(scope).add("app", "cruddur");
    Tags.of(scope).add("stage", config.stage());

    DataStack data =
        new DataStack(
            scope,
            config.stackName(DeploymentOutputs.DATA_STACK),
            props(
                config,
                DeploymentOutputs.DATA_STACK,
                "Cruddur messages table and its stream processor"),
            config,
            MessagesTable.definition(),
            packages.functionsJar(),
            IndexChangeGuard.Baseline.committed(),
            existing.table());
    AuthStack auth =
        new AuthStack(
            scope,
            config.stackName(DeploymentOutputs.AUTH_STACK),
            props(config, DeploymentOutputs.AUTH_STACK, "Cruddur user pool"),
            config,
            existing.userPoolId());
    DatabaseStack database =
        new DatabaseStack(
            scope,
            config.stackName(DeploymentOutputs.DATABASE_STACK),
            props(
                config, DeploymentOutputs.DATABASE_STACK, "Cruddur PostgreSQL in an isolated VPC"),
            config,
            existing.database());
    ReleaseStack release =
        new ReleaseStack(
            scope,
            config.stackName(DeploymentOutputs.RELEASE_STACK),
            props(config, DeploymentOutputs.RELEASE_STACK, "Cruddur release vehicle in the VPC"),
            config,
            new ReleaseStack.Props(data, auth, database, packages.vehicleJar(), releaseOnDeploy));
    Stacks stacks = new Stacks(data, auth, database, release);
    AcceptedNagFindings.apply(stacks, config);
    return stacks;
  }

  /**
   * cdk-nag's AwsSolutions pack on everything in {@code scope}: an unaccepted finding fails {@code
   * cdk synth}.
   */
  public static void checkWithNag(Construct scope) {
    Aspects.of(scope).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
  }

  /**
   * The Lambda jar at {@code path}, which must exist (the asset is hashed at synth).
   *
   * @throws IllegalStateException saying how to build it
   */
  public static Path functionsJar(String path) {
    return existing(path, "the Lambda jar", "functions");
  }

  private static Path existing(String path, String what, String module) {
    Path jar = Path.of(path).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          what
              + " "
              + jar
              + " does not exist. Build it first:"
              + " mvn -B -pl "
              + module
              + " -am package -DskipTests (cdk.json's build step does)");
    }
    return jar;
  }

  private static String context(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }

  private static StackProps props(StageConfig config, String part, String description) {
    return StackProps.builder()
        // explicit: inside a pipeline's Stage the default name would be prefixed with the stage's
        .stackName(config.stackName(part))
        .description(description + " (" + config.stage() + ")")
        .build();
  }
}
