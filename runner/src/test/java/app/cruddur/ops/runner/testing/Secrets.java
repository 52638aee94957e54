package app.cruddur.ops.runner.testing;

import java.util.List;

/**
 * Distinctive secrets the tests hand to the runner (database passwords, AWS keys), so that one
 * test can scan everything the suite printed and logged for them.
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

  /** Sets AWS credentials for the default chain (system properties), as a CI job's role would. */
  public static void useAwsCredentials() {
    System.setProperty("aws.accessKeyId", "AKIATESTACCESSKEY");
    System.setProperty("aws.secretAccessKey", AWS_SECRET_ACCESS_KEY);
    System.setProperty("aws.sessionToken", AWS_SESSION_TOKEN);
  }

  /** Removes them again. */
  public static void clearAwsCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.sessionToken");
  }
}
