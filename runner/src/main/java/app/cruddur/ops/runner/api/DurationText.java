package app.cruddur.ops.runner.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them: {@code 30s}, {@code 5m}, {@code 1h}, {@code PT5M}; at most a day
 * (a wait longer than that is a typo, not a plan). A number needs its unit ({@code --wait 10}: ten
 * seconds or ten minutes?), except {@code 0}. The CLI's options and the vehicle's environment read
 * durations this one way.
 */
public final class DurationText {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,12})(ms|s|m|h)?");

  /** The longest duration a flag takes. */
  public static final Duration MAX = Duration.ofDays(1);

  private DurationText() {}

  /**
   * The duration {@code value} writes.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code value}, in a phrase
   */
  public static Duration parse(String value) {
    Duration d = read(value);
    if (d.isNegative() || d.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("'" + value + "' is not a duration from 0 to 24h");
    }
    return d;
  }

  private static Duration read(String value) {
    Matcher m = SIMPLE.matcher(value.strip().toLowerCase());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      if (m.group(2) == null && n != 0) {
        throw new IllegalArgumentException(
            "'" + value + "' has no unit: write " + n + "s, " + n + "m or " + n + "h");
      }
      String unit = m.group(2) == null ? "s" : m.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return Duration.parse(value.strip().toUpperCase());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + value + "' is not a duration (e.g. 30s, 5m, 1h)");
    }
  }
}
