package app.cruddur.ops.runner.ddb;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.Eventually;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.TestProject;
import app.cruddur.ops.runner.testing.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pattern E on the local default: the local environment's stream poller runs the stream Lambda's
 * processor, so a message sent into a group moves both members' group rows, as the deployed Lambda
 * would.
 */
@ExtendWith(SharedLocalEnvironment.class)
class LocalStreamProcessingTest {
  static final String GROUP = "5ae290ed-55d1-47a0-bc6d-fe2bc2700399";

  @Test
  void aMessageSentIntoAGroupReachesBothMembersListsThroughTheStream() {
    TestProject project = TestProject.copyOfRepository("stream");
    TestTarget target = TestTarget.fresh("stream");
    Cli cli = Cli.in(SharedLocalEnvironment.dir()).projectDir(project.dir());
    assertThat(cli.run(target.args("release")).exitCode()).isZero();

    Cli.Result sent =
        cli.run(
            target.args(
                "ddb",
                "send-message",
                "--from",
                "bayko",
                "--group",
                GROUP,
                "--text",
                "through the stream"));
    assertThat(sent.exitCode()).as(sent.toString()).isZero();

    for (String member : new String[] {"yaya2devops", "bayko"}) {
      String list =
          Eventually.until(
              () -> cli.run(target.args("ddb", "list-conversations", member)).out(),
              out -> out.contains("through the stream"));
      assertThat(list.lines().filter(line -> line.contains(GROUP)))
          .as("one row per group")
          .hasSize(1);
    }
  }
}
