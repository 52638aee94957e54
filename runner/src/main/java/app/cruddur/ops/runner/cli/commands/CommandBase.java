package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.LocalEnvironment;
import app.cruddur.ops.runner.api.Confirmation;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.cli.CruddurCommand;
import app.cruddur.ops.runner.cli.GlobalOptions;
import app.cruddur.ops.runner.cli.Invocation;
import app.cruddur.ops.runner.cli.Output;
import app.cruddur.ops.runner.cli.Renderer;
import app.cruddur.ops.runner.cli.YesOption;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every leaf command shares: its context, the global options, the renderer. A command parses
 * its options, calls one operation of the API in {@link #execute()}, and returns the result: the
 * {@link Renderer} shows it (table or json) and gives the exit code. No command prints.
 */
public abstract class CommandBase implements Callable<Integer> {
  @Spec protected CommandSpec spec;

  private Output output;
  private Renderer renderer;

  @Override
  public final Integer call() throws Exception {
    OperationResult result = execute();
    return renderer().render(operation(), describedTarget(), result);
  }

  /** Calls the operation; throws {@link CruddurException} for anything the user must act on. */
  protected abstract OperationResult execute() throws Exception;

  /**
   * The target this command acts on, described without secrets (for the json envelope); empty when
   * unknown.
   */
  public Optional<String> describedTarget() {
    return Optional.empty();
  }

  /** The command's name under {@code cruddur}: {@code release}, {@code ddb scan}. */
  public String operation() {
    return operationOf(spec);
  }

  /** The name under {@code cruddur} of any command in the tree. */
  public static String operationOf(CommandSpec spec) {
    String name = spec.qualifiedName(" ");
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(space + 1);
  }

  protected CruddurCommand root() {
    return CruddurCommand.of(spec);
  }

  protected Invocation invocation() {
    return root().invocation();
  }

  protected GlobalOptions globals() {
    return root().globals();
  }

  protected Renderer renderer() {
    if (renderer == null) {
      renderer = new Renderer(out());
    }
    return renderer;
  }

  protected Output out() {
    if (output == null) {
      output = root().output(spec.commandLine());
    }
    return output;
  }

  protected Path projectDir() {
    return invocation().projectDir(globals().projectDir());
  }

  protected Path localDir() {
    return invocation().localDir(globals().localDir(), projectDir());
  }

  protected LocalEnvironment localEnvironment() {
    return LocalEnvironment.at(localDir(), invocation().env()).withNotices(out()::progress);
  }

  /**
   * Yes for {@code --yes}; else asks the question on a terminal. Without a terminal there is no one
   * to ask: exit 2 naming the flag that answers yes.
   */
  protected Confirmation confirmation(YesOption yes) {
    return question -> {
      if (yes.yes()) {
        return true;
      }
      if (!invocation().interactive()) {
        throw CruddurException.of(
            ErrorCode.NO_TERMINAL,
            question.replaceAll("\\?$", "") + ": no terminal to ask on",
            "Pass --yes to confirm");
      }
      return ask(question);
    };
  }

  /** The person at the terminal, who answers questions; empty without a terminal. */
  protected Optional<Confirmation> personAtTerminal() {
    return invocation().interactive() ? Optional.of(this::ask) : Optional.empty();
  }

  private boolean ask(String question) {
    spec.commandLine().getErr().print(question + " [y/N] ");
    spec.commandLine().getErr().flush();
    try {
      String answer = invocation().input().readLine();
      return answer != null
          && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
    } catch (IOException e) {
      return false;
    }
  }
}
