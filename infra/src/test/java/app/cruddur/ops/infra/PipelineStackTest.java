package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.infra.testing.CdkJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The CDK Pipelines option: build, deploy dev, release it, approve, deploy prod, release it. */
class PipelineStackTest {
  private static PipelineStack pipeline;

  /** The pipeline of a sample repository, synthesized once. */
  static synchronized PipelineStack pipeline() {
    if (pipeline == null) {
      PipelineStack.Settings settings =
          PipelineStack.Settings.fromContext(
              Map.of(
                      "repository", "example/cruddur-ops",
                      "connectionArn",
                          "arn:aws:codeconnections:us-east-1:123456789012:connection/example")
                  ::get);
      pipeline = PipelineStack.define(CdkJson.app(null), settings, Synthesized.packages());
    }
    return pipeline;
  }

  private final Template template = Template.fromStack(pipeline());

  @Test
  @SuppressWarnings("unchecked")
  void itDeploysAndReleasesDevThenAfterApprovalProd() {
    Map<String, Object> properties = Templates.properties(template, "AWS::CodePipeline::Pipeline");
    List<Map<String, Object>> stages = (List<Map<String, Object>>) properties.get("Stages");
    assertThat(stages)
        .extracting(s -> s.get("Name"))
        .containsExactly("Source", "Build", "UpdatePipeline", "Assets", "dev", "prod");

    for (Map<String, Object> stage : stages.subList(4, 6)) {
      List<Map<String, Object>> actions = (List<Map<String, Object>>) stage.get("Actions");
      int lastDeploy =
          actions.stream()
              .filter(a -> a.get("Name").toString().endsWith(".Deploy"))
              .mapToInt(a -> (Integer) a.get("RunOrder"))
              .max()
              .orElseThrow();
      Map<String, Object> release =
          actions.stream().filter(a -> a.get("Name").equals("Release")).findFirst().orElseThrow();
      assertThat((Integer) release.get("RunOrder"))
          .as("the release runs after every deployment of " + stage.get("Name"))
          .isGreaterThan(lastDeploy);
      assertThat(actions)
          .extracting(a -> a.get("Name").toString())
          .filteredOn(n -> n.endsWith(".Deploy"))
          .containsExactlyInAnyOrder(
              "cruddur-" + stage.get("Name") + "-data.Deploy",
              "cruddur-" + stage.get("Name") + "-auth.Deploy",
              "cruddur-" + stage.get("Name") + "-database.Deploy",
              "cruddur-" + stage.get("Name") + "-release.Deploy");
    }
    List<Map<String, Object>> prod = (List<Map<String, Object>>) stages.get(5).get("Actions");
    Map<String, Object> approval =
        prod.stream().filter(a -> a.get("Name").equals("PromoteToProd")).findFirst().orElseThrow();
    assertThat(((Map<String, Object>) approval.get("ActionTypeId")).get("Category"))
        .isEqualTo("Approval");
    assertThat((Integer) approval.get("RunOrder")).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachReleaseStepReleasesThroughItsWorkflowAndMayUseThatStagesVehicleAndWorkflowOnly() {
    List<String> buildSpecs =
        ((Map<String, Map<String, Object>>)
                (Map<?, ?>) template.findResources("AWS::CodeBuild::Project"))
            .values().stream()
                .map(
                    p ->
                        ((Map<String, Object>)
                                ((Map<String, Object>) p.get("Properties")).get("Source"))
                            .get("BuildSpec")
                            .toString())
                .toList();
    assertThat(buildSpecs)
        .filteredOn(
            b ->
                b.contains(
                    PipelineStack.RELEASE_COMMAND + " \\\"$" + PipelineStack.WORKFLOW_ENV + "\\\""))
        .hasSize(2);

    List<String> invokes =
        Templates.statements(template).stream()
            .filter(st -> "lambda:InvokeFunction".equals(st.get("Action")))
            .map(st -> st.get("Resource").toString())
            .toList();
    assertThat(invokes).hasSize(2);
    assertThat(invokes)
        .anySatisfy(r -> assertThat(r).endsWith(":function:cruddur-dev-release]]}"))
        .anySatisfy(r -> assertThat(r).endsWith(":function:cruddur-prod-release]]}"));
    // the step finds the function and the workflow in the stage's outputs, as CodePipeline
    // passes them
    assertThat(template.toJSON().toString())
        .contains(".ReleaseFunctionName}")
        .contains(".ReleaseWorkflowArn}");

    // and may start, list, follow and stop that stage's workflow only
    List<Map<String, Object>> states =
        Templates.statements(template).stream()
            .filter(st -> st.get("Action").toString().contains("states:"))
            .toList();
    assertThat(states)
        .extracting(st -> st.get("Action").toString() + " " + st.get("Resource"))
        .hasSize(4)
        .anySatisfy(
            st ->
                assertThat(st)
                    .startsWith("[states:StartExecution, states:ListExecutions]")
                    .endsWith(":stateMachine:cruddur-dev-release]]}"))
        .anySatisfy(
            st ->
                assertThat(st)
                    .startsWith(
                        "[states:DescribeExecution, states:GetExecutionHistory,"
                            + " states:StopExecution]")
                    .endsWith(":execution:cruddur-dev-release:*]]}"))
        .anySatisfy(st -> assertThat(st).endsWith(":stateMachine:cruddur-prod-release]]}"))
        .anySatisfy(st -> assertThat(st).endsWith(":execution:cruddur-prod-release:*]]}"));
  }

  @Test
  void theStagesInThePipelineReleaseInTheirStepNotOnDeploy() {
    for (CruddurStage stage : pipeline().stages()) {
      Template release = Template.fromStack(stage.stacks().release());
      release.resourceCountIs(DeployTimeRelease.RESOURCE_TYPE, 0);
      assertThat(stage.stacks().release().getStackName())
          .isEqualTo("cruddur-" + stage.getStageName() + "-release");
    }
  }

  @Test
  void cdkNagFindsNothingUnacceptedInThePipelineOrItsStages() {
    List<Stack> stacks = new java.util.ArrayList<>(List.of(pipeline()));
    for (CruddurStage stage : pipeline().stages()) {
      stacks.addAll(
          List.of(
              stage.stacks().data(),
              stage.stacks().auth(),
              stage.stacks().database(),
              stage.stacks().release()));
    }
    for (Stack stack : stacks) {
      Annotations annotations = Annotations.fromStack(stack);
      assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
          .as("errors of %s", stack.getStackName())
          .isEmpty();
      assertThat(
              annotations.findWarning("*", Match.anyValue()).stream()
                  .map(m -> m.getId() + ": " + m.getEntry().getData())
                  .toList())
          .as("warnings of %s", stack.getStackName())
          .isEmpty();
    }
  }

  @Test
  void withoutItsSourceThePipelineSaysWhatToPass() {
    assertThatThrownBy(
            () ->
                PipelineStack.Settings.fromContext(
                    Map.<String, Object>of("repository", "example/cruddur-ops")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "the pipeline needs its source: pass -c repository=OWNER/NAME and -c connectionArn=");
  }
}
