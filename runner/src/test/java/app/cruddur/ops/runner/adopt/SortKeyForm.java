package app.cruddur.ops.runner.adopt;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * How the course's scripts and the app wrote a sort key: Python's {@code isoformat()} of the
 * machine's clock, with the machine's offset or with none.
 */
public enum SortKeyForm {
  /**
   * {@code datetime.now(timezone.utc).astimezone().isoformat()}: the machine's local time with its
   * offset, e.g. {@code 2026-12-01T07:50:48.348274-05:00} (bin/ddb/seed and lib/ddb.py from week 5
   * on).
   */
  MACHINE_OFFSET,

  /**
   * {@code datetime.now().isoformat()}: the machine's local time and no offset, e.g. {@code
   * 2026-12-01T07:50:48.348274} (the first versions).
   */
  NONE;

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  /**
   * Python's {@code isoformat()} of {@code machineTime}: microseconds only when there are any, the
   * offset as {@code ±HH:MM} ({@code +00:00} for UTC) unless {@link #NONE}.
   */
  public String format(ZonedDateTime machineTime) {
    StringBuilder text = new StringBuilder(SECONDS.format(machineTime));
    int micros = machineTime.getNano() / 1_000;
    if (micros != 0) {
      text.append('.').append(String.format("%06d", micros));
    }
    if (this == MACHINE_OFFSET) {
      int seconds = machineTime.getOffset().getTotalSeconds();
      int minutes = Math.abs(seconds) / 60;
      text.append(seconds < 0 ? '-' : '+')
          .append(String.format("%02d:%02d", minutes / 60, minutes % 60));
    }
    return text.toString();
  }
}
