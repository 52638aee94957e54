package app.cruddur.ops.runner.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code cruddur} command. The only place that calls {@code System.exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cmd =
        commandLine(
            Invocation.system(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true));
    Interruption.install((CruddurCommand) cmd.getCommand());
    System.exit(cmd.execute(args));
  }

  /** Runs one command line; returns its exit code. */
  public static int run(Invocation invocation, String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(invocation, out, err).execute(args);
  }

  /** The configured command line, for tests that want to look inside. */
  public static CommandLine commandLine(Invocation invocation, PrintWriter out, PrintWriter err) {
    ErrorHandling errors = new ErrorHandling();
    CruddurCommand root = new CruddurCommand(invocation);
    CommandLine cmd =
        new CommandLine(root)
            .setOut(out)
            .setErr(err)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .setExecutionStrategy(
                parseResult -> {
                  Logging.configure(root.globals().debug(), root.globals().quiet(), System.err);
                  return new CommandLine.RunLast().execute(parseResult);
                });
    cmd.getCommandSpec().usageMessage().exitCodeList(ExitCodeDocs.helpList());
    HelpLayout.apply(cmd);
    return cmd;
  }
}
