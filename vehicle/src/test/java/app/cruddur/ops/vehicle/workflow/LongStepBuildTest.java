package app.cruddur.ops.vehicle.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A long step's build fails exactly when the vehicle's answer says the step failed. */
class LongStepBuildTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"outcome\": \"done\"}                                  | 0",
        "{\"outcome\": \"more\"}                                  | 0",
        "{\"outcome\": \"failed\", \"error\": {\"exitCode\": 1}}  | 1",
        "{\"exitCode\": 0}                                        | 0",
        "{\"exitCode\": 4}                                        | 1",
        "{}                                                       | 1"
      })
  void theBuildsStatusFollowsTheAnswersOutcome(String answer, int status) throws Exception {
    assertThat(LongStepBuild.status(JSON.readTree(answer))).isEqualTo(status);
  }
}
