package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.BuildInfo;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.Warning;
import java.util.List;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version and pins, with the Java runtime it runs on. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return lines(current()).toArray(String[]::new);
  }

  /** {@code --version}'s lines. */
  static List<String> lines(Version v) {
    return List.of(
        "cruddur " + v.version(),
        "Java " + v.java() + " (" + v.javaVendor() + ")",
        "local environment: moto " + v.moto() + ", PostgreSQL " + v.postgres());
  }

  /** This build's version and pins, and the Java that runs it. */
  static Version current() {
    BuildInfo build = BuildInfo.current();
    return new Version(
        build.version(),
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        build.motoVersion(),
        build.postgresVersion(),
        List.of());
  }

  /**
   * {@code --version -o json}'s {@code result}.
   *
   * @param version cruddur's version
   * @param java the Java runtime's version
   * @param javaVendor its vendor
   * @param moto the moto version the local environment pins
   * @param postgres the PostgreSQL version it pins
   * @param warnings none
   */
  public record Version(
      String version,
      String java,
      String javaVendor,
      String moto,
      String postgres,
      List<Warning> warnings)
      implements OperationResult {}
}
