package app.cruddur.ops.vehicle;

import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Main;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@code cruddur} command line in this JVM, as the CLI would in its own process, and
 * captures what it prints. No terminal: no prompts, no progress bars.
 */
final class InProcessCli {
  private final Map<String, String> env;
  private final Path workingDir;

  InProcessCli(Map<String, String> env, Path workingDir) {
    this.env = Map.copyOf(env);
    this.workingDir = workingDir;
  }

  /** Runs {@code args} as command {@code command}. */
  VehicleResult run(String command, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Invocation context =
        new Invocation(env, workingDir, new BufferedReader(new StringReader("")), false);
    int code;
    try (PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true)) {
      code = Main.run(context, args.toArray(String[]::new), o, e);
    }
    return VehicleResult.of(command, code, out.toString(), err.toString());
  }
}
