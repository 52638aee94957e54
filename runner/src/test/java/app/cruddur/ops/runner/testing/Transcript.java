package app.cruddur.ops.runner.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Everything in-process CLI runs printed during the test run, for the secrets scan. */
public final class Transcript {
  private Transcript() {}

  /** The transcript file. */
  public static Path file() {
    // one per test JVM: the secrets scan, last, reads them all
    return TestPaths.target("transcript").resolve("cli-" + ProcessHandle.current().pid() + ".log");
  }

  static synchronized void record(String command, Cli.Result result) {
    try {
      Files.createDirectories(file().getParent());
      // the command line is the test's input, not the runner's output: its passwords are masked
      // here
      Files.writeString(
          file(),
          "$ cruddur "
              + app.cruddur.ops.runner.api.DatabaseUrls.redact(command)
              + "\n"
              + result
              + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the transcript", e);
    }
  }
}
