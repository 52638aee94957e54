package app.cruddur.ops.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Sort-key timestamps. Always UTC, always microseconds, always {@code +00:00} (the form Python's
 * {@code isoformat()} gives, which the Cruddur app reads): fixed width, so that the string order
 * DynamoDB sorts by is the time order, and conditional writes can compare them as strings.
 */
public final class IsoTimestamps {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private IsoTimestamps() {}

  /** {@code 2026-11-25T14:33:04.123456+00:00}; sub-microsecond digits are truncated. */
  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  /**
   * Parses any ISO-8601 instant with an offset ({@code Z}, {@code +00:00}, {@code +02:00}).
   *
   * @throws IllegalArgumentException naming the value when it is not one
   */
  public static Instant parse(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an ISO-8601 timestamp with an offset, e.g. 2026-11-25T14:33:04Z");
    }
  }
}
