package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.LocalEnvironment;
import app.cruddur.ops.runner.cli.CliContext;
import app.cruddur.ops.runner.cli.CruddurCommand;
import app.cruddur.ops.runner.cli.GlobalOptions;
import app.cruddur.ops.runner.cli.Output;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every leaf command shares: its context, the global options, output. Subclasses implement
 * {@link #execute()} as a thin call into the API and a rendering of the result.
 */
public abstract class CommandBase implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  private Output output;

  @Override
  public final Integer call() throws Exception {
    return execute().code();
  }

  /** Runs the command; throws {@link CruddurException} for anything the user must act on. */
  protected abstract ExitCode execute() throws Exception;

  protected CruddurCommand root() {
    return CruddurCommand.of(spec);
  }

  protected CliContext context() {
    return root().context();
  }

  protected GlobalOptions globals() {
    return root().globals();
  }

  protected Output out() {
    if (output == null) {
      output = root().output(spec.commandLine());
    }
    return output;
  }

  protected Path projectDir() {
    return context().projectDir(globals().projectDir());
  }

  protected Path localDir() {
    return context().localDir(globals().localDir(), projectDir());
  }

  protected LocalEnvironment localEnvironment() {
    return LocalEnvironment.at(localDir(), context().env()).withNotices(out()::progress);
  }

  /**
   * Asks a yes/no question on a terminal. Without a terminal there is no one to ask: the command
   * fails with exit 2 naming the flag that answers yes.
   */
  protected boolean confirm(String question, String yesFlag) {
    if (!context().interactive()) {
      throw CruddurException.usage(question.replaceAll("\\?$", "") + ": no terminal to ask on",
          "Pass " + yesFlag + " to confirm");
    }
    spec.commandLine().getErr().print(question + " [y/N] ");
    spec.commandLine().getErr().flush();
    try {
      String answer = context().input().readLine();
      return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    } catch (IOException e) {
      return false;
    }
  }
}
