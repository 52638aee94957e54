package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.cli.commands.BaselineCommand;
import app.cruddur.ops.runner.cli.commands.CognitoCommand;
import app.cruddur.ops.runner.cli.commands.CommandBase;
import app.cruddur.ops.runner.cli.commands.CompletionCommand;
import app.cruddur.ops.runner.cli.commands.DbCommand;
import app.cruddur.ops.runner.cli.commands.DdbCommand;
import app.cruddur.ops.runner.cli.commands.HistoryCommand;
import app.cruddur.ops.runner.cli.commands.LocalCommand;
import app.cruddur.ops.runner.cli.commands.ReleaseCommand;
import app.cruddur.ops.runner.cli.commands.RepairCommand;
import app.cruddur.ops.runner.cli.commands.StatusCommand;
import app.cruddur.ops.runner.cli.commands.ValidateCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cruddur}: the root command. Its exit code list comes from {@link
 * app.cruddur.ops.runner.api.ExitCode} ({@link ExitCodeDocs}), set in {@link Main}; its subcommands
 * ({@link #SUBCOMMANDS}) too.
 */
@Command(
    name = "cruddur",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Release runner and operator tool for the Cruddur messaging backend:",
      "PostgreSQL (Liquibase), DynamoDB and Cognito in one ordered, recorded plan.",
      "",
      "Targets are explicit: the embedded local environment is the default (--local);",
      "--aws or --profile use AWS, --endpoint-url any other endpoint."
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class CruddurCommand implements Runnable {
  /**
   * The top-level commands, in the order help lists them. {@link Main} registers them: all of them,
   * or only the one a command line runs (picocli builds a command's model from its annotations, and
   * the whole tree costs a no-op release a good part of its start-up).
   */
  public static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ReleaseCommand.class,
          StatusCommand.class,
          HistoryCommand.class,
          ValidateCommand.class,
          RepairCommand.class,
          BaselineCommand.class,
          DbCommand.class,
          DdbCommand.class,
          CognitoCommand.class,
          LocalCommand.class,
          CompletionCommand.class);

  @Spec CommandSpec spec;

  @Mixin GlobalOptions globals;

  private final Invocation invocation;
  private volatile Running running;

  public CruddurCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  /** The root command object of any command line in the tree. */
  public static CruddurCommand of(CommandLine any) {
    return (CruddurCommand) any.getCommandSpec().root().userObject();
  }

  /** The root command object of any command spec in the tree. */
  public static CruddurCommand of(CommandSpec any) {
    return (CruddurCommand) any.root().userObject();
  }

  public Invocation invocation() {
    return invocation;
  }

  public GlobalOptions globals() {
    return globals;
  }

  /**
   * Output bound to the streams of {@code commandLine} and the global options; the command's one,
   * which an interruption speaks through.
   */
  public Output output(CommandLine commandLine) {
    PrintWriter out = commandLine.getOut();
    PrintWriter err = commandLine.getErr();
    Output output =
        new Output(
                out,
                err,
                globals.output(),
                globals.quiet(),
                invocation.stderrTerminal(),
                invocation.color())
            .fitTo(invocation::terminalWidth);
    running = new Running(CommandBase.operationOf(commandLine.getCommandSpec()), output);
    return output;
  }

  private volatile String interruptRemedy;

  /**
   * What Ctrl-C says to do next instead of "rerun it": a command that leaves work going on
   * elsewhere (a release workflow it follows) says how to follow or stop it.
   */
  public void onInterrupt(String remedy) {
    interruptRemedy = remedy;
  }

  /** What a command said Ctrl-C should say to do next, if it did. */
  Optional<String> interruptRemedy() {
    return Optional.ofNullable(interruptRemedy);
  }

  /** The command that runs, and its output, once it has asked for one. */
  Optional<Running> running() {
    return Optional.ofNullable(running);
  }

  /**
   * A command running.
   *
   * @param operation its name under {@code cruddur}
   * @param output its output
   */
  record Running(String operation, Output output) {}

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
