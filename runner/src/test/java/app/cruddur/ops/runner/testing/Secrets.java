package app.cruddur.ops.runner.testing;

import java.util.List;
import java.util.Map;

/**
 * Distinctive secrets the tests hand to the runner (database passwords, AWS keys), so that one test
 * can scan everything the suite printed and logged for them.
 */
public final class Secrets {
  /** A database password (the embedded server trusts 127.0.0.1, so any password connects). */
  public static final String DB_PASSWORD = "s3cr3t-db-password-never-printed";

  /** An AWS secret access key (moto accepts any). */
  public static final String AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI-aws-secret-never-printed";

  /** An AWS session token. */
  public static final String AWS_SESSION_TOKEN = "FwoGZXIvYXdzE-session-token-never-printed";

  private Secrets() {}

  public static List<String> all() {
    return List.of(DB_PASSWORD, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN);
  }

  /**
   * AWS credentials as a CI job exports them, for a command's environment ({@link
   * Cli#withAwsCredentials()}): the runner reads them from there only, never from the JVM's system
   * properties.
   */
  public static Map<String, String> awsCredentials() {
    return Map.of(
        "AWS_ACCESS_KEY_ID",
        "AKIATESTACCESSKEY",
        "AWS_SECRET_ACCESS_KEY",
        AWS_SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN",
        AWS_SESSION_TOKEN);
  }
}
