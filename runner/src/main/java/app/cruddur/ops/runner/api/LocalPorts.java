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
  public LocalPorts {
    check(postgres, "--postgres-port");
    check(moto, "--moto-port");
  }

  private static void check(OptionalInt port, String flag) {
    if (port.isPresent() && (port.getAsInt() < 1 || port.getAsInt() > 65535)) {
      throw CruddurException.of(
          ErrorCode.BAD_ARGUMENT,
          flag + " must be a TCP port from 1 to 65535, not " + port.getAsInt(),
          "Pass a free port, or leave " + flag + " out to take the next free one");
    }
  }

  /** Default PostgreSQL port. */
  public static final int DEFAULT_POSTGRES = 5432;

  /** Default moto (DynamoDB/Cognito) port. */
  public static final int DEFAULT_MOTO = 8000;

  /** Defaults for both. */
  public static LocalPorts defaults() {
    return new LocalPorts(OptionalInt.empty(), OptionalInt.empty());
  }
}
