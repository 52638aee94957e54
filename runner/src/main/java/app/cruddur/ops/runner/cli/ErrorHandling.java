package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ExitCode;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Maps every failure to one {@code error: <what>. <what to do>} line and a named exit code. Stack
 * traces only with {@code --debug}.
 */
final class ErrorHandling implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    CruddurCommand root = CruddurCommand.of(commandLine);
    Output output = root.output(commandLine);
    CruddurException failure = asCruddurException(e);
    output.error(failure);
    if (root.globals().debug()) {
      e.printStackTrace(output.err());
      output.err().flush();
    }
    return failure.exitCode().code();
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += " (did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?)";
      }
    }
    err.println("error: " + stripPeriod(message) + ". See '" + cmd.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCode.USAGE.code();
  }

  /** Anything that is not ours is unexpected: say so, and where to look. */
  static CruddurException asCruddurException(Throwable e) {
    if (e instanceof CruddurException c) {
      return c;
    }
    if (e.getCause() instanceof CruddurException c) {
      return c;
    }
    String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return CruddurException.failed("unexpected failure: " + firstLine(what),
        "Rerun with --debug for the stack trace, and report it if the cause is not clear", e);
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
