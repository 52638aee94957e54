package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version and pins, with the Java runtime it runs on. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    BuildInfo build = BuildInfo.current();
    return new String[] {
      "cruddur " + build.version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
      "local environment: moto " + build.motoVersion() + ", PostgreSQL " + build.postgresVersion()
    };
  }
}
