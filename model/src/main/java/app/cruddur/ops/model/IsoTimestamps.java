package app.cruddur.ops.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Sort-key timestamps: read in every ISO-8601 form a client writes, written in one.
 *
 * <p>What we write is canonical: UTC, microseconds, {@code +00:00} (the form Python's {@code
 * datetime.now(timezone.utc).isoformat()} gives, which the Cruddur app reads): fixed width, so that
 * for our own items the string order DynamoDB sorts by is the time order.
 *
 * <p>What we read may be any form the app and its forks have written: {@code
 * datetime.now().isoformat()} without an offset ({@code 2026-12-01T07:50:48.348274}, read as UTC),
 * {@code Z}, {@code +00:00}, the machine's own offset ({@code -05:00}), milliseconds, microseconds,
 * no fraction. Such items are compared by the instant they name, never by their string: see {@link
 * InstantOrder} for reading them in time order.
 */
public final class IsoTimestamps {
  /** One microsecond: the resolution of a sort key. */
  public static final Duration RESOLUTION = Duration.of(1, ChronoUnit.MICROS);

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private IsoTimestamps() {}

  /** {@code 2026-11-25T14:33:04.123456+00:00}; sub-microsecond digits are truncated. */
  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * Reads any ISO-8601 date-time: with an offset ({@code Z}, {@code +00:00}, {@code -05:00}) or
   * without one, which is UTC; any number of fraction digits, or none.
   *
   * @throws IllegalArgumentException naming the value when it is not one
   */
  public static Instant parse(String text) {
    if (text != null) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException withoutOffset) {
        try {
          return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notIso) {
          // fall through to the one message below
        }
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not an ISO-8601 timestamp, e.g. 2026-11-25T14:33:04Z"
            + " (without an offset it is read as UTC)");
  }

  /** True when {@code text} is a timestamp in the form we write ({@link #format}). */
  public static boolean isCanonical(String text) {
    try {
      return format(parse(text)).equals(text);
    } catch (IllegalArgumentException notATimestamp) {
      return false;
    }
  }

  /**
   * The canonical form of a timestamp written in any form: what a normalizing step rewrites a sort
   * key to.
   *
   * @throws IllegalArgumentException naming the value when it is not a timestamp
   */
  public static String canonical(String text) {
    return format(parse(text));
  }

  /**
   * The date and time as written, to the second, ignoring any offset and fraction (as if UTC): how
   * far along DynamoDB's string order an item sorts, whatever its form. Empty when the text does
   * not start with {@code uuuu-MM-ddTHH:mm:ss}.
   */
  static java.util.Optional<Instant> writtenSecond(String text) {
    if (text == null || text.length() < 19) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(
          LocalDateTime.parse(text.substring(0, 19)).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return java.util.Optional.empty();
    }
  }
}
