package app.cruddur.ops.vehicle.testing;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.LocalEndpoints;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The runner's real local environment (embedded PostgreSQL and moto), started once for this
 * module's tests in target/vehicle-local and stopped when the run ends. Each test takes a {@link
 * LocalStage} of it.
 */
public final class LocalEngines implements BeforeAllCallback {
  private static final Path DIR = Path.of("target", "vehicle-local").toAbsolutePath();
  private static volatile LocalEndpoints endpoints;

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(LocalEngines.class, key -> start(), Running.class);
  }

  private static Running start() {
    LocalEnvironment environment = LocalEnvironment.at(DIR);
    environment.reset();
    endpoints = environment.ensureUp().endpoints().orElseThrow();
    return new Running(environment);
  }

  /** The endpoints of the running engines. */
  public static LocalEndpoints endpoints() {
    if (endpoints == null) {
      throw new IllegalStateException(
          "annotate the test class with @ExtendWith(LocalEngines.class)");
    }
    return endpoints;
  }

  private record Running(LocalEnvironment environment)
      implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      environment.down();
    }
  }
}
