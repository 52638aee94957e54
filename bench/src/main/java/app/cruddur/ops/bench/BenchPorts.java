package app.cruddur.ops.bench;

import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.internal.local.Ports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ports the benchmarks' local environment asks for: the ones it keeps, each while it is free;
 * one that another process holds meanwhile (another clone's tests on 5432) is moved to the next
 * free port, said in one line, and kept from then on. The runner's {@code local up} refuses in that
 * case, so that a developer's shell or .env never silently points elsewhere; the bench's
 * environment is its own and nobody points at it, so it moves instead of failing a long run.
 */
final class BenchPorts {
  private BenchPorts() {}

  /**
   * The ports to start on, given those {@code kept} ({@code ports.json} in {@code dir}); a moved
   * one is told to {@code notices}.
   */
  static LocalPorts toAskFor(Optional<LocalPorts> kept, Path dir, Consumer<String> notices) {
    if (kept.isEmpty()) {
      return LocalPorts.defaults(); // the first start: the defaults, or the next free ones
    }
    int keptPostgres = kept.get().postgres().orElse(LocalPorts.DEFAULT_POSTGRES);
    int keptMoto = kept.get().moto().orElse(LocalPorts.DEFAULT_MOTO);
    List<String> held = new ArrayList<>();
    List<String> instead = new ArrayList<>();
    int postgres = freeOrNext("PostgreSQL", keptPostgres, Set.of(keptMoto), held, instead);
    int moto = freeOrNext("moto", keptMoto, Set.of(postgres), held, instead);
    if (!held.isEmpty()) {
      notices.accept(
          "bench: another process holds this bench's "
              + String.join(" and ", held)
              + "; taking "
              + String.join(" and ", instead)
              + " instead (kept in "
              + dir.resolve("ports.json")
              + " from now on)");
    }
    return new LocalPorts(OptionalInt.of(postgres), OptionalInt.of(moto));
  }

  private static int freeOrNext(
      String engine, int port, Set<Integer> exclude, List<String> held, List<String> instead) {
    if (!exclude.contains(port) && Ports.isFree(port)) {
      return port;
    }
    int next =
        Ports.firstFreeFrom(port + 1, exclude)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no free port for the bench's " + engine + " from " + port + " on"));
    held.add(engine + " port " + port);
    instead.add(Integer.toString(next));
    return next;
  }
}
