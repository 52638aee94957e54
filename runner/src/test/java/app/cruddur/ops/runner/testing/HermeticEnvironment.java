package app.cruddur.ops.runner.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one controlled environment that every {@code cruddur} of the tests runs with, in-process
 * ({@link Cli}) or as a process ({@link CruddurProcess}): the few variables a program needs to run
 * on this machine ({@code PATH}, locale, temp dir, Python's) and nothing of the developer's AWS
 * set-up — no {@code AWS_*} keys, profile, region or endpoint, no proxy, no {@code ~/.aws} (the
 * config and credentials files are empty test files), no instance metadata service. The test JVMs
 * themselves get the same from the Surefire configuration in the root pom.
 */
public final class HermeticEnvironment {
  /**
   * What a program needs from the machine to run; everything else of the developer's is left out.
   */
  private static final List<String> KEPT =
      List.of(
          "PATH",
          "HOME",
          "USER",
          "LANG",
          "LC_ALL",
          "LC_CTYPE",
          "TMPDIR",
          "TZ",
          "PYENV_ROOT",
          "PYENV_VERSION",
          "CRUDDUR_MOTO_SERVER");

  private HermeticEnvironment() {}

  /**
   * The variables: the kept ones of this machine, and the AWS files pointed at empty test files.
   */
  public static Map<String, String> variables() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : KEPT) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    Path aws = awsDirectory();
    env.put("AWS_CONFIG_FILE", aws.resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", aws.resolve("credentials").toString());
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }

  /** {@code builder} with its inherited environment replaced by {@link #variables()}. */
  public static ProcessBuilder apply(ProcessBuilder builder) {
    builder.environment().clear();
    builder.environment().putAll(variables());
    return builder;
  }

  /** Empty AWS config and credentials files, under target/. */
  private static Path awsDirectory() {
    Path dir = TestPaths.target("hermetic-aws");
    try {
      Files.createDirectories(dir);
      for (String file : List.of("config", "credentials")) {
        Path f = dir.resolve(file);
        if (!Files.exists(f)) {
          Files.writeString(f, "");
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
