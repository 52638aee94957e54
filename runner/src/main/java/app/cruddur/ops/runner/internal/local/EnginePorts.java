package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.LocalPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The ports of the local engines: an explicit one must be free, an absent one is the default or the
 * next free one after it; an environment already up keeps its own.
 */
final class EnginePorts {
  private EnginePorts() {}

  /** An environment already up must be on the ports asked for, if any were. */
  static void requireSame(LocalState state, LocalPorts requested) {
    List<String> differ = new ArrayList<>();
    requested
        .postgres()
        .ifPresent(
            p -> {
              if (p != state.postgresPort()) {
                differ.add("PostgreSQL is on " + state.postgresPort() + ", not " + p);
              }
            });
    requested
        .moto()
        .ifPresent(
            p -> {
              if (p != state.motoPort()) {
                differ.add("moto is on " + state.motoPort() + ", not " + p);
              }
            });
    if (!differ.isEmpty()) {
      throw CruddurException.of(
          ErrorCode.CONFIG,
          "the local environment is already up: " + String.join(", ", differ),
          "Run `cruddur local down` first to change its ports");
    }
  }

  /**
   * The port for {@code engine}: the explicit one if free, else the first free from {@code
   * preferred}.
   */
  static int choose(
      String engine, OptionalInt explicit, int preferred, Set<Integer> exclude, String flag) {
    if (explicit.isPresent()) {
      int port = explicit.getAsInt();
      if (exclude.contains(port) || !Ports.isFree(port)) {
        throw CruddurException.of(
            ErrorCode.PORT_IN_USE,
            "port " + port + " on 127.0.0.1, asked for " + engine + ", is held by another process",
            "Stop that process, or choose another port with "
                + flag
                + " (or leave it out to take the next free one)");
      }
      return port;
    }
    return Ports.firstFreeFrom(preferred, exclude)
        .orElseThrow(
            () ->
                CruddurException.of(
                    ErrorCode.PORT_IN_USE,
                    "no free port for " + engine + " on 127.0.0.1 from " + preferred + " on",
                    "Free one, or choose one with " + flag));
  }
}
