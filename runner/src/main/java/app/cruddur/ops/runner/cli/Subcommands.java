package app.cruddur.ops.runner.cli;

import app.cruddur.ops.runner.cli.commands.CompletionCommand;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Which top-level commands a command line needs built. picocli builds every command's model from
 * its annotations when the command line is made; a command line that plainly runs one command needs
 * only that one. Whatever looks at the whole tree gets it: help and version anywhere, completion, a
 * name that is no command (its "did you mean"), an option the root does not know, {@code @file}s
 * and {@code --}.
 */
final class Subcommands {
  private Subcommands() {}

  /**
   * The commands to build for {@code args}: the one top-level command they name, or {@link
   * CruddurCommand#SUBCOMMANDS} (all of them) when anything else could matter.
   *
   * @param root the root command, its options known (its subcommands not needed)
   */
  static List<Class<?>> needed(CommandSpec root, String[] args) {
    for (String arg : args) {
      if (arg.equals("-h")
          || arg.equals("--help")
          || arg.equals("-V")
          || arg.equals("--version")
          || arg.startsWith("@")) {
        return CruddurCommand.SUBCOMMANDS;
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-") || arg.equals("-")) {
        return named(arg);
      }
      int values = valuesFollowing(root, arg);
      if (values < 0) {
        return CruddurCommand.SUBCOMMANDS;
      }
      i += values;
    }
    return CruddurCommand.SUBCOMMANDS;
  }

  private static List<Class<?>> named(String name) {
    for (Class<?> command : CruddurCommand.SUBCOMMANDS) {
      if (command != CompletionCommand.class
          && command.getAnnotation(Command.class).name().equals(name)) {
        return List.of(command);
      }
    }
    return CruddurCommand.SUBCOMMANDS;
  }

  /**
   * How many of the next arguments the root's option {@code arg} takes (0 or 1); -1 for what is not
   * one of the root's options ({@code --}, an unknown option).
   */
  private static int valuesFollowing(CommandSpec root, String arg) {
    if (arg.startsWith("--")) {
      int equals = arg.indexOf('=');
      OptionSpec option = root.findOption(equals < 0 ? arg : arg.substring(0, equals));
      if (option == null || option.arity().max() > 1) {
        return -1;
      }
      return equals < 0 && option.arity().max() == 1 ? 1 : 0;
    }
    // -q, -o json, -ojson, -qo json
    for (int c = 1; c < arg.length(); c++) {
      OptionSpec option = root.findOption("-" + arg.charAt(c));
      if (option == null || option.arity().max() > 1) {
        return -1;
      }
      if (option.arity().max() == 1) {
        return c == arg.length() - 1 ? 1 : 0;
      }
    }
    return 0;
  }
}
