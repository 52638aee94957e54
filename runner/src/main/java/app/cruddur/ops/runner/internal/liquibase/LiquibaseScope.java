package app.cruddur.ops.runner.internal.liquibase;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import liquibase.Scope;
import liquibase.resource.DirectoryResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * Runs Liquibase work in a scope of ours: files resolved from the project directory (so the paths
 * recorded in DATABASECHANGELOG are {@code migrations/...} on every machine), its console output
 * sent to the logger (quiet unless {@code --debug}), analytics off.
 */
public final class LiquibaseScope {
  static {
    // Set before Liquibase reads its configuration: no call home, no banner.
    System.setProperty("liquibase.analytics.enabled", "false");
    System.setProperty("liquibase.showBanner", "false");
    System.setProperty("liquibase.hub.mode", "off");
    System.setProperty("liquibase.sql.logLevel", "FINE");
  }

  private LiquibaseScope() {}

  /** Runs {@code work} with the project directory as Liquibase's resource root. */
  public static <T> T run(Path projectDir, Callable<T> work) throws Exception {
    DirectoryResourceAccessor accessor;
    try {
      accessor = new DirectoryResourceAccessor(projectDir);
    } catch (FileNotFoundException e) {
      throw new IllegalStateException("project directory " + projectDir + " does not exist", e);
    }
    Map<String, Object> values =
        Map.of(
            Scope.Attr.resourceAccessor.name(),
            accessor,
            Scope.Attr.ui.name(),
            new LoggerUIService());
    return Scope.child(values, work::call);
  }
}
