package app.cruddur.ops.infra;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.pipelines.AddStageOpts;
import software.amazon.awscdk.pipelines.CodeBuildStep;
import software.amazon.awscdk.pipelines.CodePipeline;
import software.amazon.awscdk.pipelines.CodePipelineSource;
import software.amazon.awscdk.pipelines.ConnectionSourceOptions;
import software.amazon.awscdk.pipelines.ManualApprovalStep;
import software.amazon.awscdk.pipelines.ShellStep;
import software.amazon.awscdk.pipelines.Step;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.constructs.Construct;

/**
 * The CDK Pipelines option ({@code npx cdk deploy -c pipeline=true -c repository=OWNER/NAME -c
 * connectionArn=ARN}): a self-mutating CodePipeline that builds and synthesizes this repository,
 * deploys the dev stage, releases it, then (after a manual approval) prod. Each stage's
 * post-deployment step is the release: {@code ./cruddur release --aws --via WORKFLOW} starts the
 * stage's release workflow, follows its slices to the end and fails the pipeline with the release's
 * exit code (the same command as the GitHub workflow's, and as anyone's from a laptop).
 */
public final class PipelineStack extends Stack {
  /** The pipeline stack's name. */
  public static final String STACK_NAME = "cruddur-pipeline";

  /**
   * How both pipelines release a deployed stage: in its release vehicle, followed by the function
   * (or nothing: the outputs').
   */
  public static final String RELEASE_COMMAND = "./cruddur release --aws --via";

  /** The variable a release step finds the stage's release workflow (its ARN) in. */
  public static final String WORKFLOW_ENV = "CRUDDUR_RELEASE_WORKFLOW";

  /** The variable a release step finds the vehicle's function name in. */
  public static final String FUNCTION_ENV = "CRUDDUR_RELEASE_FUNCTION";

  private final CodePipeline pipeline;
  private final List<CruddurStage> stages = new ArrayList<>();

  /**
   * Where the pipeline takes the source from.
   *
   * @param repository {@code OWNER/NAME} on GitHub
   * @param branch the branch it deploys
   * @param connectionArn the CodeStar connection to GitHub (created once in the console)
   */
  public record Settings(String repository, String branch, String connectionArn) {
    public Settings {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(branch, "branch");
      Objects.requireNonNull(connectionArn, "connectionArn");
    }

    /**
     * The settings in the context ({@code -c repository=… -c connectionArn=… [-c branch=main]}).
     *
     * @throws IllegalArgumentException naming what to pass
     */
    public static Settings fromContext(Function<String, Object> context) {
      Object repository = context.apply("repository");
      Object connection = context.apply("connectionArn");
      if (repository == null
          || connection == null
          || !repository.toString().matches("[\\w.-]+/[\\w.-]+")) {
        throw new IllegalArgumentException(
            "the pipeline needs its source: pass -c repository=OWNER/NAME and -c"
                + " connectionArn=arn:aws:codeconnections:REGION:ACCOUNT:connection/ID (a"
                + " connection to GitHub, created once)");
      }
      Object branch = context.apply("branch");
      return new Settings(
          repository.toString(),
          branch == null ? "main" : branch.toString(),
          connection.toString());
    }

    /** The same settings as {@code cdk synth} context arguments, for the pipeline's own synth. */
    List<String> contextArguments() {
      return List.of(
          "-c pipeline=true",
          "-c repository=" + repository,
          "-c branch=" + branch,
          "-c connectionArn=" + connectionArn);
    }
  }

  /** Defines the pipeline stack in {@code app}, checked by cdk-nag. */
  public static PipelineStack define(App app, Settings settings, CruddurApp.Packages packages) {
    PipelineStack stack = new PipelineStack(app, settings, packages);
    CruddurApp.checkWithNag(app);
    return stack;
  }

  private PipelineStack(Construct scope, Settings settings, CruddurApp.Packages packages) {
    super(
        scope,
        STACK_NAME,
        StackProps.builder()
            .stackName(STACK_NAME)
            .description(
                "Cruddur pipeline: build, deploy and release dev, then prod after approval")
            .build());
    CodePipelineSource source =
        CodePipelineSource.connection(
            settings.repository(),
            settings.branch(),
            ConnectionSourceOptions.builder().connectionArn(settings.connectionArn()).build());
    pipeline =
        CodePipeline.Builder.create(this, "Pipeline")
            .pipelineName("cruddur")
            .pipelineType(PipelineType.V2)
            .crossAccountKeys(false)
            .synth(
                ShellStep.Builder.create("Synth")
                    .input(source)
                    .installCommands(List.of("npm ci"))
                    .commands(
                        List.of(
                            "mvn -B -q -DskipTests package",
                            "npx cdk synth " + String.join(" ", settings.contextArguments())))
                    .build())
            .build();

    for (StageConfig config : List.of(StageConfig.dev(), StageConfig.prod())) {
      CruddurStage stage = new CruddurStage(this, config, packages);
      stages.add(stage);
      AddStageOpts.Builder options =
          AddStageOpts.builder().post(List.of(releaseStep(stage, source)));
      if (config.production()) {
        options.pre(
            List.<Step>of(
                ManualApprovalStep.Builder.create("PromoteToProd")
                    .comment("Dev is deployed and released. Release " + config.stage() + "?")
                    .build()));
      }
      pipeline.addStage(stage, options.build());
    }
    pipeline.buildPipeline();
    AcceptedNagFindings.applyToPipeline(this);
  }

  private CodeBuildStep releaseStep(CruddurStage stage, CodePipelineSource source) {
    String stageName = stage.getStageName();
    String function = ReleaseVehicle.functionName(stageName);
    String workflow = ReleaseWorkflow.stateMachineName(stageName);
    return CodeBuildStep.Builder.create("Release")
        .input(source)
        .envFromCfnOutputs(
            new TreeMap<>(
                Map.of(
                    FUNCTION_ENV,
                    stage.stacks().release().functionNameOutput(),
                    WORKFLOW_ENV,
                    stage.stacks().release().workflowArnOutput())))
        // the launcher builds the runner (Java 17 and Maven are on CodeBuild's standard image),
        // then starts the stage's release workflow and follows it to its end
        .commands(List.of(RELEASE_COMMAND + " \"$" + WORKFLOW_ENV + "\""))
        // as long as a release may take here; the workflow itself may run for days
        .timeout(Duration.hours(8))
        .rolePolicyStatements(
            List.of(
                // the vehicle, invoked directly (status, plan; a stage without a workflow)
                PolicyStatement.Builder.create()
                    .actions(List.of("lambda:InvokeFunction"))
                    .resources(List.of(arn("lambda", "function", function)))
                    .build(),
                // this stage's release workflow: start, list (one at a time), follow, stop
                PolicyStatement.Builder.create()
                    .actions(List.of("states:StartExecution", "states:ListExecutions"))
                    .resources(List.of(arn("states", "stateMachine", workflow)))
                    .build(),
                PolicyStatement.Builder.create()
                    .actions(
                        List.of(
                            "states:DescribeExecution",
                            "states:GetExecutionHistory",
                            "states:StopExecution"))
                    .resources(List.of(arn("states", "execution", workflow + ":*")))
                    .build()))
        .build();
  }

  private String arn(String service, String resource, String name) {
    return formatArn(
        ArnComponents.builder()
            .service(service)
            .resource(resource)
            .resourceName(name)
            .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
            .build());
  }

  /** The pipeline. */
  public CodePipeline pipeline() {
    return pipeline;
  }

  /** Its stages, dev first. */
  public List<CruddurStage> stages() {
    return List.copyOf(stages);
  }
}
