package app.cruddur.ops.functions;

import app.cruddur.ops.model.MessagesTable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the {@link GroupRowMover} works: which table, and how often a move whose condition failed is
 * re-read and tried again before the record is reported as failed.
 *
 * @param tableName the messages table
 * @param maxAttempts attempts per group row, at least 1
 * @param firstBackoff pause before the second attempt, doubled for each further one (the index is
 *     eventually consistent: a re-read right after a conflict may still show the old row)
 */
public record MoverSettings(String tableName, int maxAttempts, Duration firstBackoff) {
  /** Environment variable naming the table (set by the CDK stack on the Lambda function). */
  public static final String TABLE_NAME_ENV = "TABLE_NAME";

  /** Default attempts per group row. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  /** Default pause before the second attempt. */
  public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(50);

  public MoverSettings {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    if (tableName.isBlank()) {
      throw new IllegalArgumentException("the table name is blank");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** Defaults for {@code tableName}. */
  public static MoverSettings forTable(String tableName) {
    return new MoverSettings(tableName, DEFAULT_MAX_ATTEMPTS, DEFAULT_FIRST_BACKOFF);
  }

  /** From {@value #TABLE_NAME_ENV} in {@code environment}, else the model's default table name. */
  public static MoverSettings fromEnvironment(Map<String, String> environment) {
    String name = environment.get(TABLE_NAME_ENV);
    return forTable(name == null || name.isBlank() ? MessagesTable.NAME : name);
  }

  /** The pause before attempt number {@code attempt} (2 or more). */
  Duration backoffBefore(int attempt) {
    return firstBackoff.multipliedBy(1L << Math.min(attempt - 2, 10));
  }
}
