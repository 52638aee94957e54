package app.cruddur.ops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tolerant reading, strict writing: every form a client writes names one instant; we write one
 * form.
 */
class IsoTimestampsTest {
  static final Instant SENT = Instant.parse("2026-12-01T07:50:48.348274Z");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-12-01T07:50:48.348274", // datetime.now().isoformat() on a UTC machine: no offset is
        // UTC
        "2026-12-01T07:50:48.348274Z",
        "2026-12-01T07:50:48.348274+00:00", // datetime.now(timezone.utc).isoformat()
        "2026-12-01T02:50:48.348274-05:00", // .astimezone().isoformat() on a machine at UTC-5
        "2026-12-01T17:20:48.348274+09:30",
        "2026-12-01T07:50:48.348274000Z"
      })
  void everyFormOfTheSameMomentReadsAsTheSameInstant(String written) {
    assertThat(IsoTimestamps.parse(written)).isEqualTo(SENT);
  }

  @Test
  void millisecondsAndWholeSecondsAreReadToo() {
    assertThat(IsoTimestamps.parse("2026-12-01T07:50:48.348Z"))
        .isEqualTo(Instant.parse("2026-12-01T07:50:48.348Z"));
    assertThat(IsoTimestamps.parse("2026-12-01T07:50:48"))
        .isEqualTo(Instant.parse("2026-12-01T07:50:48Z"));
    assertThat(IsoTimestamps.parse("2026-12-01T07:50:48-05:00"))
        .isEqualTo(Instant.parse("2026-12-01T12:50:48Z"));
  }

  @Test
  void weWriteOneFormAndKnowItWhenWeSeeIt() {
    assertThat(IsoTimestamps.format(SENT)).isEqualTo("2026-12-01T07:50:48.348274+00:00");
    assertThat(IsoTimestamps.canonical("2026-12-01T02:50:48.348274-05:00"))
        .isEqualTo("2026-12-01T07:50:48.348274+00:00");
    assertThat(IsoTimestamps.canonical("2026-12-01T07:50:48"))
        .isEqualTo("2026-12-01T07:50:48.000000+00:00");
    assertThat(IsoTimestamps.isCanonical("2026-12-01T07:50:48.348274+00:00")).isTrue();
    assertThat(IsoTimestamps.isCanonical("2026-12-01T07:50:48.348274Z")).isFalse();
    assertThat(IsoTimestamps.isCanonical("2026-12-01T07:50:48.348274")).isFalse();
    assertThat(IsoTimestamps.isCanonical("not a time")).isFalse();
  }

  @Test
  void sortKeysSortInTimeOrderBecauseTheyHaveFixedWidth() {
    String earlier = IsoTimestamps.format(Instant.parse("2026-11-24T10:00:00Z"));
    String later = IsoTimestamps.format(Instant.parse("2026-11-24T10:00:00.000001Z"));
    String muchLater = IsoTimestamps.format(Instant.parse("2026-11-24T10:00:01Z"));

    assertThat(earlier).hasSameSizeAs(later).hasSameSizeAs(muchLater);
    assertThat(earlier.compareTo(later)).isNegative();
    assertThat(later.compareTo(muchLater)).isNegative();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"yesterday", "2026-13-01T00:00:00Z", "2026-12-01", " 2026-12-01T07:50:48Z", ""})
  void anythingElseIsRejectedNamingTheValue(String garbage) {
    assertThatThrownBy(() -> IsoTimestamps.parse(garbage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + garbage + "' is not an ISO-8601 timestamp");
  }
}
