package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CruddurException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/** Entry point of the {@code cruddur} command. The only place that calls {@code System.exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cmd =
        commandLine(
            Invocation.system(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            args);
    Interruption.install((CruddurCommand) cmd.getCommand());
    System.exit(cmd.execute(args));
  }

  /** Runs one command line; returns its exit code. */
  public static int run(Invocation invocation, String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(invocation, out, err, args).execute(args);
  }

  /** The configured command line with every command, for tests that want to look inside. */
  public static CommandLine commandLine(Invocation invocation, PrintWriter out, PrintWriter err) {
    return commandLine(invocation, out, err, null);
  }

  /**
   * The configured command line for {@code args}: only the top-level command they run when that is
   * plain to see (see {@link Subcommands#needed}), else every command; {@code null}: every command.
   */
  static CommandLine commandLine(
      Invocation invocation, PrintWriter out, PrintWriter err, String[] args) {
    ErrorHandling errors = new ErrorHandling();
    CruddurCommand root = new CruddurCommand(invocation);
    CommandLine cmd = new CommandLine(root);
    List<Class<?>> subcommands =
        args == null ? CruddurCommand.SUBCOMMANDS : Subcommands.needed(cmd.getCommandSpec(), args);
    subcommands.forEach(cmd::addSubcommand);
    boolean whole = subcommands.size() == CruddurCommand.SUBCOMMANDS.size();
    // options from CRUDDUR_* and cruddur.toml: a file that does not parse fails the command that
    // runs, with its error line, not the building of the command line
    Path projectDir = invocation.projectDir(Optional.empty());
    Configuration configuration;
    Optional<CruddurException> badFile;
    try {
      configuration = Configuration.load(invocation.env(), projectDir);
      badFile = Optional.empty();
    } catch (CruddurException e) {
      configuration = Configuration.load(invocation.env(), projectDir.resolve("(unreadable)"));
      badFile = Optional.of(e);
    }
    Configuration config = configuration;
    Optional<CruddurException> configProblem = badFile;
    cmd.setOut(out)
        .setErr(err)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(config)
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors)
        .setExecutionStrategy(
            parseResult -> {
              Logging.configure(root.globals().debug(), root.globals().quiet(), System.err);
              if (!helpAsked(parseResult)) {
                try {
                  configProblem.ifPresent(
                      e -> {
                        throw e;
                      });
                  // a key no option of the commands built knows may be another command's
                  config.check(
                      parseResult.commandSpec().commandLine(),
                      () -> whole ? cmd : commandLine(invocation, out, err));
                } catch (CruddurException e) {
                  throw new CommandLine.ExecutionException(
                      parseResult.commandSpec().commandLine(), e.getMessage(), e);
                }
                if (root.globals().debug()) {
                  config.describe(parseResult).forEach(err::println);
                  err.flush();
                }
              }
              if (parseResult.isVersionHelpRequested()
                  && root.globals().output() == OutputFormat.json) {
                // --version -o json: the envelope, as every other answer in json
                return new Renderer(root.output(parseResult.commandSpec().commandLine()))
                    .render("version", Optional.empty(), VersionProvider.current());
              }
              return new CommandLine.RunLast().execute(parseResult);
            });
    cmd.getCommandSpec().usageMessage().exitCodeList(ExitCodeDocs.helpList());
    HelpLayout.apply(cmd);
    return cmd;
  }

  private static boolean helpAsked(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }
}
