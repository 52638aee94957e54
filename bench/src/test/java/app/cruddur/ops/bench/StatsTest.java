package app.cruddur.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    Stats s = new Stats(List.of(3.0, 1.0, 2.0));
    assertThat(s.median()).isEqualTo(2.0);
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(3.0);
    assertThat(s.describe()).isEqualTo("2.00 (1.00–3.00)");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(new Stats(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
  }

  @Test
  void oneValueIsShownAlone() {
    assertThat(new Stats(List.of(1234.0)).describe()).isEqualTo("1,234");
  }

  @Test
  void noValuesIsAnError() {
    assertThatThrownBy(() -> new Stats(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
