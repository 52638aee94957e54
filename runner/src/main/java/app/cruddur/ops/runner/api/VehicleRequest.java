package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.ReleaseVehicle;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What to run in a deployed stage's release vehicle: one of {@link ReleaseVehicle#COMMANDS}, as
 * table or json, and for a rollback what to roll back and the database's name as confirmation. The
 * vehicle releases to its own stage in its own context: nothing here can point it elsewhere.
 *
 * @param command release, plan, status, validate or rollback
 * @param json the command's output as one JSON document (its envelope) instead of a table
 * @param count rollback: the last N changesets
 * @param tag rollback: the changesets after this tag
 * @param confirm rollback: the database's name, repeated
 */
public record VehicleRequest(
    String command,
    boolean json,
    OptionalInt count,
    Optional<String> tag,
    Optional<String> confirm) {
  public VehicleRequest {
    Objects.requireNonNull(command, "command");
    if (!ReleaseVehicle.COMMANDS.contains(command)) {
      throw new IllegalArgumentException("not a vehicle command: " + command);
    }
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(confirm, "confirm");
  }

  /**
   * A command with no options ({@code release}, {@code plan}, {@code status}, {@code validate}).
   */
  public static VehicleRequest of(String command, boolean json) {
    return new VehicleRequest(
        command, json, OptionalInt.empty(), Optional.empty(), Optional.empty());
  }

  /** {@code rollback} of the last {@code count} changesets, or of those after {@code tag}. */
  public static VehicleRequest rollback(
      OptionalInt count, Optional<String> tag, Optional<String> confirm, boolean json) {
    return new VehicleRequest("rollback", json, count, tag, confirm);
  }
}
