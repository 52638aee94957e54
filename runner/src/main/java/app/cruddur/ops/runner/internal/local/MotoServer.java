package app.cruddur.ops.runner.internal.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * moto's server mode: one process serving DynamoDB, DynamoDB Streams and Cognito (which one, and
 * installing it: {@link MotoInstallation}).
 */
public final class MotoServer {
  private MotoServer() {}

  /** Starts moto on 127.0.0.1:{@code port}, its output appended to {@code log}. */
  public static Process start(Path executable, int port, Path log) throws IOException {
    return new ProcessBuilder(List.of(executable.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
  }
}
