package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.DeploymentOutputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The outputs the runner reads: every key of {@link DeploymentOutputs}, once in the app, without an
 * export (the CDK's own cross-stack exports, {@code ExportsOutput*}, are the release stack's
 * imports).
 */
class DeploymentOutputsTest {

  @Test
  void everyKeyIsOutputByExactlyOneStackWithoutAnExport() {
    Synthesized prod = Synthesized.prod();
    List<String> keys = new ArrayList<>();
    for (Template template : List.of(prod.data(), prod.auth(), prod.database(), prod.release())) {
      Map<String, Map<String, Object>> outputs = template.findOutputs("*");
      outputs.forEach(
          (key, output) -> {
            if (!key.startsWith("ExportsOutput")) {
              assertThat(output).as(key).doesNotContainKey("Export");
              keys.add(key);
            }
          });
    }
    assertThat(keys).containsExactlyInAnyOrderElementsOf(DeploymentOutputs.ALL_KEYS);
  }

  @Test
  void stacksAreNamedAfterTheStage() {
    CruddurApp.Stacks stacks = Synthesized.prod().stacks();
    assertThat(
            List.of(
                stacks.data().getStackName(),
                stacks.auth().getStackName(),
                stacks.database().getStackName(),
                stacks.release().getStackName()))
        .containsExactly(
            "cruddur-prod-data",
            "cruddur-prod-auth",
            "cruddur-prod-database",
            "cruddur-prod-release");
  }
}
