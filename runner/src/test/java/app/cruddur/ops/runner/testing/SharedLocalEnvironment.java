package app.cruddur.ops.runner.testing;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.LocalEndpoints;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real local engines, started once per test JVM (the first class that asks) and stopped when
 * its run ends; each test JVM has its own ({@link TestPaths#slot()}). Tests isolate themselves by
 * names (database, table, pool), not by new engines.
 */
public final class SharedLocalEnvironment implements BeforeAllCallback {
  private static final Path DIR = TestPaths.target("shared-local-" + TestPaths.slot());
  private static volatile LocalEndpoints endpoints;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SharedLocalEnvironment.class, key -> start(), Running.class);
  }

  private static Running start() {
    LocalEnvironment environment = LocalEnvironment.at(DIR, HermeticEnvironment.variables());
    environment.reset();
    endpoints = environment.ensureUp().endpoints().orElseThrow();
    return new Running(environment);
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
