package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.cli.commands.CommandBase;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Maps every failure to one {@code error: <what>. <what to do>} line and its code, through the one
 * renderer: with {@code --output json} a failure is the envelope's {@code error}, a command line
 * that does not parse included. Stack traces only with {@code --debug}.
 */
final class ErrorHandling implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, ParseResult parseResult) {
    CruddurCommand root = CruddurCommand.of(commandLine);
    Output output = root.output(commandLine);
    CruddurException failure = asCruddurException(e);
    Optional<String> target = Optional.empty();
    String operation = CommandBase.operationOf(commandLine.getCommandSpec());
    if (commandLine.getCommand() instanceof CommandBase command) {
      target = command.describedTarget();
      operation = command.operation();
    }
    int code = new Renderer(output).fail(operation, target, failure);
    if (root.globals().debug()) {
      e.printStackTrace(output.err());
      output.err().flush();
    }
    return code;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    // picocli words some of its own (an argument group's) "Error: ...": ours says error: once
    String message = e.getMessage().strip().replaceFirst("^Error: ", "");
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message +=
            " (did you mean "
                + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size())))
                + "?)";
      }
    }
    CruddurException failure =
        CruddurException.of(
            e instanceof CommandLine.MutuallyExclusiveArgsException
                ? ErrorCode.CONFLICTING_OPTIONS
                : ErrorCode.BAD_ARGUMENT,
            stripPeriod(message),
            "See '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    CruddurCommand root = CruddurCommand.of(cmd);
    Output output =
        new Output(
            cmd.getOut(),
            cmd.getErr(),
            jsonAskedFor(args)
                    || !outputGiven(args)
                        && root.invocation()
                            .getenv(Configuration.ENV_PREFIX + "OUTPUT")
                            .filter(o -> o.strip().equalsIgnoreCase("json"))
                            .isPresent()
                ? OutputFormat.json
                : OutputFormat.table,
            false,
            root.invocation().stderrTerminal(),
            root.invocation().color());
    return new Renderer(output)
        .fail(CommandBase.operationOf(cmd.getCommandSpec()), Optional.empty(), failure);
  }

  /** Whether the arguments name an output format at all (else CRUDDUR_OUTPUT says it). */
  static boolean outputGiven(String[] args) {
    return java.util.Arrays.stream(args)
        .anyMatch(
            a ->
                a.equals("-o")
                    || a.equals("--output")
                    || a.startsWith("--output=")
                    || a.startsWith("-o") && !a.startsWith("--"));
  }

  /** Whether the arguments ask for json, read by hand: they did not parse. */
  static boolean jsonAskedFor(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String value = null;
      if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.length) {
        value = args[i + 1];
      } else if (a.startsWith("--output=")) {
        value = a.substring("--output=".length());
      } else if (a.startsWith("-o=")) {
        value = a.substring(3);
      } else if (a.startsWith("-o") && a.length() > 2 && !a.startsWith("--")) {
        value = a.substring(2);
      }
      if (value != null && value.toLowerCase(Locale.ROOT).equals("json")) {
        return true;
      }
    }
    return false;
  }

  /** Anything that is not ours is unexpected: say so, and where to look. */
  static CruddurException asCruddurException(Throwable e) {
    if (e instanceof CruddurException c) {
      return c;
    }
    if (e.getCause() instanceof CruddurException c) {
      return c;
    }
    String what =
        e.getMessage() == null
            ? e.getClass().getSimpleName()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return CruddurException.of(
        ErrorCode.UNEXPECTED,
        "unexpected failure: " + firstLine(what),
        "Rerun with --debug for the stack trace, and report it if the cause is not clear",
        e);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String stripPeriod(String s) {
    String t = s.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }
}
