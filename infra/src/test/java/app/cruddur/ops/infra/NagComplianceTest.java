package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/**
 * cdk-nag's AwsSolutions pack on both stages, also when they take over a course-made deployment
 * (and while the table is imported): no finding is left unsuppressed (the CDK CLI fails synth on an
 * error), and the accepted ones are exactly those of {@link AcceptedNagFindings}.
 */
class NagComplianceTest {

  static Stream<Synthesized> stages() {
    return Synthesized.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void noStackHasAnUnsuppressedFinding(Synthesized app) {
    for (Stack stack :
        List.of(
            app.stacks().data(),
            app.stacks().auth(),
            app.stacks().database(),
            app.stacks().release())) {
      Annotations annotations = Synthesized.annotations(stack);
      assertThat(readable(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))))
          .as("errors of %s", stack.getStackName())
          .isEmpty();
      assertThat(readable(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))))
          .as("warnings of %s", stack.getStackName())
          .isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void theAcceptedFindingsAreTheReviewedOnes(Synthesized app) {
    Set<String> accepted = new TreeSet<>();
    for (Template template : List.of(app.data(), app.auth(), app.database(), app.release())) {
      accepted.addAll(suppressedRules(template));
    }
    Set<String> expected =
        new TreeSet<>(
            Set.of(
                "AwsSolutions-IAM5",
                "AwsSolutions-SMG4",
                "AwsSolutions-RDS11",
                "AwsSolutions-IAM4",
                "AwsSolutions-CB4",
                "AwsSolutions-SF2"));
    if (!app.existing().importingTable()) {
      // the stream consumer's dead-letter queue (no consumer while the table is imported)
      expected.add("AwsSolutions-SQS3");
    }
    if (app.existing().importingTable()) {
      // the table as it exists, in the template cdk import uses only
      expected.add("AwsSolutions-DDB3");
    }
    if (app.existing().database().isPresent()) {
      // a restored instance is encrypted as its snapshot is
      expected.add("AwsSolutions-RDS2");
    }
    if (app.existing().userPoolId().isEmpty()) {
      // a pool the stage owns (one it refers to is neither checked nor accepted)
      expected.addAll(Set.of("AwsSolutions-COG2", "AwsSolutions-COG3"));
    }
    if (!app.config().production()) {
      expected.addAll(Set.of("AwsSolutions-RDS3", "AwsSolutions-RDS10"));
    }
    assertThat(accepted).isEqualTo(expected);
  }

  /** Each finding as its resource's path and cdk-nag's text. */
  private static List<String> readable(List<SynthesisMessage> findings) {
    return findings.stream().map(f -> f.getId() + ": " + f.getEntry().getData()).toList();
  }

  @SuppressWarnings("unchecked")
  private static Set<String> suppressedRules(Template template) {
    Set<String> rules = new TreeSet<>();
    Map<String, Object> resources = (Map<String, Object>) template.toJSON().get("Resources");
    for (Object resource : resources.values()) {
      Map<String, Object> metadata =
          (Map<String, Object>) ((Map<String, Object>) resource).get("Metadata");
      Map<String, Object> nag =
          metadata == null ? null : (Map<String, Object>) metadata.get("cdk_nag");
      if (nag != null) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) nag.get("rules_to_suppress")) {
          assertThat((String) rule.get("reason"))
              .as("reason of %s", rule.get("id"))
              .hasSizeGreaterThan(40);
          rules.add((String) rule.get("id"));
        }
      }
    }
    return rules;
  }
}
