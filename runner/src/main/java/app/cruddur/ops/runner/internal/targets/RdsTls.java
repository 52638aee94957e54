package app.cruddur.ops.runner.internal.targets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * TLS to RDS: {@code sslmode=verify-full} against the Amazon RDS certificate authorities shipped in
 * the runner (the server's certificate is checked, and its name against the endpoint's).
 */
public final class RdsTls {
  private static final String BUNDLE = "/app/cruddur/ops/runner/rds-ca-bundle.pem";
  private static Path extracted;

  private RdsTls() {}

  /** Driver properties for a verified TLS connection to RDS. */
  public static Properties verifyFull() {
    Properties p = new Properties();
    p.setProperty("ssl", "true");
    p.setProperty("sslmode", "verify-full");
    p.setProperty("sslrootcert", bundle().toString());
    return p;
  }

  /** The CA bundle as a file (pgjdbc reads the root certificates from a path). */
  public static synchronized Path bundle() {
    if (extracted == null) {
      try (InputStream in = RdsTls.class.getResourceAsStream(BUNDLE)) {
        if (in == null) {
          throw new IllegalStateException("the RDS CA bundle is missing from the runner");
        }
        Path file = Files.createTempFile("cruddur-rds-ca", ".pem");
        file.toFile().deleteOnExit();
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        extracted = file;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the RDS CA bundle", e);
      }
    }
    return extracted;
  }

  /** True for hosts of RDS endpoints ({@code *.rds.amazonaws.com}, China regions included). */
  public static boolean isRdsHost(String host) {
    return host.endsWith(".rds.amazonaws.com") || host.endsWith(".rds.amazonaws.com.cn");
  }
}
