package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.internal.aws.LocalEngineClients;
import java.nio.file.Path;

/**
 * The files of one local environment directory ({@code .cruddur/local/} by default).
 *
 * @param dir the directory
 */
public record LocalLayout(Path dir) {
  /** Name of the PostgreSQL database the runner uses locally. */
  public static final String DATABASE = app.cruddur.ops.runner.api.ResourceNames.LOCAL_DATABASE;

  /** PostgreSQL superuser of the embedded server (trust authentication on 127.0.0.1). */
  public static final String PG_USER = "postgres";

  /** Not a secret: the embedded server trusts 127.0.0.1; clients that insist get this one. */
  public static final String PG_PASSWORD = "postgres";

  /** Region the local engine is addressed in. */
  public static final String REGION = LocalEngineClients.REGION;

  /** Static credentials moto accepts; not secrets. */
  public static final String ACCESS_KEY_ID = LocalEngineClients.ACCESS_KEY_ID;

  /** Static credentials moto accepts; not secrets. */
  public static final String SECRET_ACCESS_KEY = LocalEngineClients.SECRET_ACCESS_KEY;

  public LocalLayout {
    dir = dir.toAbsolutePath().normalize();
  }

  public Path stateFile() {
    return dir.resolve("state.json");
  }

  public Path lockFile() {
    return dir.resolve("local.lock");
  }

  public Path postgresData() {
    return dir.resolve("postgres");
  }

  public Path postgresLog() {
    return dir.resolve("postgres.log");
  }

  /** moto's snapshot and what it says about it ({@link MotoStateDir}). */
  public MotoStateDir motoState() {
    return new MotoStateDir(dir.resolve("moto-state"));
  }

  /** The ports this checkout's engines use once chosen: kept across restarts (not a reset). */
  public Path portsFile() {
    return dir.resolve("ports.json");
  }

  /** Where the local stream poller has read each stream to, so that a restart resumes there. */
  public Path streamPositions() {
    return dir.resolve("stream-positions.json");
  }

  public Path motoLog() {
    return dir.resolve("moto.log");
  }

  /**
   * The private virtualenv of moto {@code version}, beside this directory ({@code
   * .cruddur/moto-5.2.1}).
   */
  public Path motoVirtualenv(String version) {
    Path parent = dir.getParent() == null ? dir : dir.getParent();
    return parent.resolve("moto-" + version);
  }

  public Path supervisorLog() {
    return dir.resolve("supervisor.log");
  }

  /**
   * Botocore endpoint rules that send DynamoDB, its streams and Cognito to the local engine ({@code
   * AWS_DATA_PATH}).
   */
  public Path awsDataPath() {
    return dir.resolve("aws-data");
  }

  /** One line the supervisor leaves when it cannot start: what went wrong and what to do. */
  public Path supervisorError() {
    return dir.resolve("supervisor.error");
  }
}
