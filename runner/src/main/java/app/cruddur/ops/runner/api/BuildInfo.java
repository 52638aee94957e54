package app.cruddur.ops.runner.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build pinned (root pom): the runner's version, the moto the local environment installs
 * and expects, the embedded PostgreSQL.
 *
 * @param version the runner's version
 * @param motoVersion the moto release the local environment is built and tested with
 * @param postgresVersion the embedded PostgreSQL binaries
 */
public record BuildInfo(String version, String motoVersion, String postgresVersion) {
  private static final BuildInfo CURRENT = load();

  /** This build's. */
  public static BuildInfo current() {
    return CURRENT;
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in =
        BuildInfo.class.getResourceAsStream("/app/cruddur/ops/runner/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(
        p.getProperty("version", "unknown"),
        p.getProperty("moto.version", "unknown"),
        p.getProperty("postgres.version", "unknown"));
  }
}
