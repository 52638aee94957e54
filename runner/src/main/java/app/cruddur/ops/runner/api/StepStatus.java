package app.cruddur.ops.runner.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One step on one target.
 *
 * @param version the step's key: {@code V001} or {@code R__cognito_sync}
 * @param description what it does
 * @param kind its kind ({@code liquibase}, {@code dynamodb-table}, ...)
 * @param store the store it writes
 * @param file its file, relative to the project
 * @param contexts the contexts it runs in (empty: all)
 * @param checksum the checksum of its current file (empty when the file is missing)
 * @param appliedChecksum the checksum recorded when it was last applied
 * @param state where it stands
 * @param reason why, in words ("3 changesets pending", "table recreated since")
 * @param appliedAt when it was last applied (or tried)
 * @param appliedBy who applied it
 * @param durationMs how long that took
 * @param error the last failure's message
 */
public record StepStatus(
    String version,
    String description,
    String kind,
    Store store,
    String file,
    List<String> contexts,
    Optional<String> checksum,
    Optional<String> appliedChecksum,
    StepState state,
    String reason,
    Optional<Instant> appliedAt,
    Optional<String> appliedBy,
    Optional<Long> durationMs,
    Optional<String> error) {

  /** The checksum to show: the applied one, else the current one, in short form. */
  public String shownChecksum() {
    return shortChecksum(appliedChecksum.or(() -> checksum).orElse(""));
  }

  /** A checksum's short form for humans: {@code c1:3f2a9c1b7d0e}. */
  public static String shortChecksum(String checksum) {
    if (checksum == null) {
      return "";
    }
    int colon = checksum.indexOf(':');
    return checksum.length() > colon + 13 ? checksum.substring(0, colon + 13) : checksum;
  }
}
