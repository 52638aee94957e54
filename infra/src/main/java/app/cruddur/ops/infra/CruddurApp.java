package app.cruddur.ops.infra;

import app.cruddur.ops.model.DeploymentOutputs;
import app.cruddur.ops.model.MessagesTable;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: {@code npx cdk synth|deploy -c stage=dev|prod} runs {@link #main} (see cdk.json).
 *
 * <p>Context: {@code stage} ({@code dev}, the default, or {@code prod}) and {@code functionsJar}
 * (default {@value #DEFAULT_FUNCTIONS_JAR}, relative to the repository root). The stacks are
 * environment-agnostic (no account, region or lookups), so synth is offline and deterministic.
 */
public final class CruddurApp {
  /** Where the functions module's build puts the Lambda jar, relative to the repository root. */
  public static final String DEFAULT_FUNCTIONS_JAR = "functions/target/cruddur-functions-lambda.jar";

  private CruddurApp() {}

  /**
   * The app's stacks.
   *
   * @param data the messages table and its stream consumer
   * @param auth the user pool
   * @param database the VPC and the PostgreSQL instance
   */
  public record Stacks(DataStack data, AuthStack auth, DatabaseStack database) {}

  /** Synthesizes the app of the stage given with {@code -c stage=…}. */
  public static void main(String[] args) {
    App app = new App();
    StageConfig config = StageConfig.forStage((String) app.getNode().tryGetContext("stage"));
    Object jar = app.getNode().tryGetContext("functionsJar");
    define(app, config, functionsJar(jar == null ? DEFAULT_FUNCTIONS_JAR : jar.toString()));
    app.synth();
  }

  /**
   * Defines the stacks of {@code config} in {@code app}, checked by cdk-nag's AwsSolutions pack
   * with the findings accepted in {@link AcceptedNagFindings}.
   */
  public static Stacks define(App app, StageConfig config, Path functionsJar) {
    Tags.of(app).add("app", "cruddur");
    Tags.of(app).add("stage", config.stage());

    Stacks stacks = new Stacks(
        new DataStack(app, config.stackName(DeploymentOutputs.DATA_STACK),
            props(config, "Cruddur messages table and its stream processor"), config, MessagesTable.definition(), functionsJar),
        new AuthStack(app, config.stackName(DeploymentOutputs.AUTH_STACK),
            props(config, "Cruddur user pool"), config),
        new DatabaseStack(app, config.stackName(DeploymentOutputs.DATABASE_STACK),
            props(config, "Cruddur PostgreSQL in an isolated VPC"), config));

    AcceptedNagFindings.apply(stacks, config);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return stacks;
  }

  /**
   * The Lambda jar at {@code path}, which must exist (the asset is hashed at synth).
   *
   * @throws IllegalStateException saying how to build it
   */
  public static Path functionsJar(String path) {
    Path jar = Path.of(path).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("the Lambda jar " + jar + " does not exist. Build it first:"
          + " mvn -B -pl functions -am package -DskipTests (cdk.json's build step does)");
    }
    return jar;
  }

  private static StackProps props(StageConfig config, String description) {
    return StackProps.builder()
        .description(description + " (" + config.stage() + ")")
        .build();
  }
}
