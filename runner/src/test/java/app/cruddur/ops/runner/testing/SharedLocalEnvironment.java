package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.internal.local.Ports;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real local engines, started once per test JVM (the first class that asks) and stopped when
 * its run ends; each test JVM has its own ({@link TestPaths#slot()}). Tests isolate themselves by
 * names (database, table, pool), not by new engines.
 *
 * <p>Kept in the launcher session's store, not the root context's: Surefire's forks run each class
 * as an execution request of its own, whose root store closes when the class ends, so the root
 * store would stop and reset the engines after every class (initdb and moto's start, ~6 s each).
 */
public final class SharedLocalEnvironment implements BeforeAllCallback {
  private static final Path DIR = TestPaths.target("shared-local-" + TestPaths.slot());
  private static volatile LocalEndpoints endpoints;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getStore(ExtensionContext.StoreScope.LAUNCHER_SESSION, ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SharedLocalEnvironment.class, key -> start(), Running.class);
  }

  private static Running start() {
    LocalEnvironment environment = LocalEnvironment.at(DIR, HermeticEnvironment.variables());
    environment.reset();
    environment.up(ports());
    endpoints = environment.endpoints();
    return new Running(environment);
  }

  /**
   * Ports of this checkout's slot, away from the defaults that the tests of a fresh directory scan
   * up from (5432…, 8000…): one of those, started while this environment is down for a restart,
   * would otherwise take its sticky port. Below Linux's ephemeral range (32768…). The defaults'
   * scan when either is taken.
   */
  private static LocalPorts ports() {
    String slot = TestPaths.slot();
    int index = (slot.startsWith("it-") ? 4 : 0) + Integer.parseInt(slot.replace("it-", "")) - 1;
    int offset = Math.floorMod(TestPaths.projectRoot().toString().hashCode(), 1000) * 8 + index % 8;
    int postgres = 10000 + offset;
    int moto = 20000 + offset;
    return Ports.isFree(postgres) && Ports.isFree(moto)
        ? new LocalPorts(OptionalInt.of(postgres), OptionalInt.of(moto))
        : LocalPorts.defaults();
  }

  /** The shared environment's directory (pass it as the CLI's local dir). */
  public static Path dir() {
    return DIR;
  }

  /** Its endpoints. */
  public static LocalEndpoints endpoints() {
    if (endpoints == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(SharedLocalEnvironment.class)");
    }
    return endpoints;
  }

  private record Running(LocalEnvironment environment)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      environment.down();
    }
  }
}
