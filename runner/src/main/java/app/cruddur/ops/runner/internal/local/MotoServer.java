package app.cruddur.ops.runner.internal.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** moto's server mode: one process serving DynamoDB, DynamoDB Streams and Cognito. */
public final class MotoServer {
  /** Environment variable naming the moto_server executable, when it is not on PATH. */
  public static final String EXECUTABLE_ENV = "CRUDDUR_MOTO_SERVER";
  /** What to tell someone who does not have it. */
  public static final String INSTALL_HINT = "Install it with: pip install \"moto[server]\" (or set "
      + EXECUTABLE_ENV + " to its path)";

  private MotoServer() {}

  /** The moto_server executable: {@value #EXECUTABLE_ENV}, else the first on PATH. */
  public static Optional<Path> locate(Map<String, String> environment) {
    String explicit = environment.get(EXECUTABLE_ENV);
    if (explicit != null && !explicit.isBlank()) {
      Path path = Path.of(explicit);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String pathVariable = environment.getOrDefault("PATH", "");
    for (String entry : pathVariable.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path candidate = Path.of(entry, "moto_server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Starts moto on 127.0.0.1:{@code port}, its output appended to {@code log}. */
  public static Process start(Path executable, int port, Path log) throws IOException {
    return new ProcessBuilder(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }
}
