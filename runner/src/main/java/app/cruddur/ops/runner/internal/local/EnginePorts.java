package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.LocalPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The ports of the local engines: an explicit one must be free; else the checkout's recorded one
 * (sticky once chosen); else the default or the next free one after it. An environment already up
 * keeps its own.
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
   * The port for {@code engine}: the explicit one if free; else the one this checkout recorded, if
   * free; else (the first start) the first free from {@code preferred}.
   *
   * @throws CruddurException PORT_IN_USE naming the port, who holds it and what to do
   */
  static int choose(
      String engine,
      OptionalInt explicit,
      OptionalInt recorded,
      int preferred,
      Set<Integer> exclude,
      String flag,
      Path portsFile) {
    if (explicit.isPresent()) {
      int port = explicit.getAsInt();
      if (exclude.contains(port) || !Ports.isFree(port)) {
        throw CruddurException.of(
            ErrorCode.PORT_IN_USE,
            "port "
                + port
                + " on 127.0.0.1, asked for "
                + engine
                + ", is held by another process"
                + Ports.holder(port).map(h -> " (" + h + ")").orElse(""),
            "Stop that process, or choose another port with "
                + flag
                + " (or leave it out to take the next free one)");
      }
      return port;
    }
    if (recorded.isPresent()) {
      int port = recorded.getAsInt();
      if (!exclude.contains(port) && Ports.isFree(port)) {
        return port;
      }
      String instead =
          Ports.firstFreeFrom(port + 1, exclude).stream()
              .mapToObj(p -> flag + " " + p)
              .findFirst()
              .orElse(flag + " PORT");
      throw CruddurException.of(
          ErrorCode.PORT_IN_USE,
          "port "
              + port
              + " on 127.0.0.1, this checkout's "
              + engine
              + " port (kept in "
              + portsFile
              + "), is held by another process"
              + Ports.holder(port).map(h -> ": " + h).orElse(""),
          "Stop that process and rerun, or move this checkout's "
              + engine
              + " to another port: cruddur local up "
              + instead
              + " (kept from then on; `cruddur local env` prints the new endpoints)");
    }
    return Ports.firstFreeFrom(preferred, exclude)
        .orElseThrow(
            () ->
                CruddurException.of(
                    ErrorCode.PORT_IN_USE,
                    "no free port for " + engine + " on 127.0.0.1 from " + preferred + " on",
                    "Free one, or choose one with " + flag));
  }

  /**
   * The ports this checkout's engines run on once chosen ({@code ports.json}): a restart takes them
   * again, so that a shell or a .env from {@code local env} keeps pointing at this environment.
   *
   * @param postgres PostgreSQL's port
   * @param moto moto's port
   */
  record Recorded(int postgres, int moto) {
    static Optional<Recorded> read(Path file) {
      try {
        return Files.isRegularFile(file)
            ? Optional.of(Json.mapper().readValue(file.toFile(), Recorded.class))
            : Optional.empty();
      } catch (IOException unreadable) {
        return Optional.empty(); // chosen again, and written again
      }
    }

    void write(Path file) {
      AtomicJson.write(file, this);
    }
  }
}
