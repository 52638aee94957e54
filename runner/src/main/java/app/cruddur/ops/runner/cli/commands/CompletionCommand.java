package app.cruddur.ops.runner.cli.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cruddur generate-completion}: picocli's bash/zsh completion script, bound to {@code
 * cruddur} on PATH and to {@code ./cruddur} in the checkout (bash completes a command by the word
 * typed, so the script that knew only {@code cruddur} left {@code ./cruddur} without completion).
 */
@Command(
    name = "generate-completion",
    mixinStandardHelpOptions = true,
    description =
        "Print the bash/zsh completion script: source <(./cruddur generate-completion). It"
            + " completes ./cruddur in the checkout and cruddur on PATH (a symbolic link to the"
            + " launcher too).")
public final class CompletionCommand implements Callable<Integer> {
  /** The function picocli's script defines for {@code cruddur}. */
  static final String FUNCTION = "_complete_cruddur";

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(AutoComplete.bash("cruddur", spec.root().commandLine()));
    out.println("complete -F " + FUNCTION + " -o default ./cruddur");
    out.flush();
    return 0;
  }
}
