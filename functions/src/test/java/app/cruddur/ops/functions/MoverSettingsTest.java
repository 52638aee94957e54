package app.cruddur.ops.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cruddur.ops.model.MessagesTable;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MoverSettingsTest {

  @Test
  void theTableComesFromTheEnvironmentAndDefaultsToTheModelsName() {
    assertThat(
            MoverSettings.fromEnvironment(Map.of("TABLE_NAME", "cruddur-messages-dev")).tableName())
        .isEqualTo("cruddur-messages-dev");
    assertThat(MoverSettings.fromEnvironment(Map.of()).tableName()).isEqualTo(MessagesTable.NAME);
  }

  @Test
  void backoffDoublesFromTheSecondAttempt() {
    MoverSettings settings = new MoverSettings("t", 4, Duration.ofMillis(50));
    assertThat(settings.backoffBefore(2)).isEqualTo(Duration.ofMillis(50));
    assertThat(settings.backoffBefore(4)).isEqualTo(Duration.ofMillis(200));
    assertThatThrownBy(() -> new MoverSettings("t", 0, Duration.ZERO))
        .hasMessage("maxAttempts must be at least 1, was 0");
  }
}
