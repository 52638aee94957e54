package app.cruddur.ops.runner.api;

import java.util.OptionalInt;

/**
 * Ports asked for by the user. An explicit port must be free (or the start fails with exit 4); an
 * absent one is the default, or the next free one after it.
 *
 * @param postgres PostgreSQL's port, if explicit
 * @param moto moto's port, if explicit
 */
public record LocalPorts(OptionalInt postgres, OptionalInt moto) {
  /** Default PostgreSQL port. */
  public static final int DEFAULT_POSTGRES = 5432;
  /** Default moto (DynamoDB/Cognito) port. */
  public static final int DEFAULT_MOTO = 8000;

  /** Defaults for both. */
  public static LocalPorts defaults() {
    return new LocalPorts(OptionalInt.empty(), OptionalInt.empty());
  }
}
