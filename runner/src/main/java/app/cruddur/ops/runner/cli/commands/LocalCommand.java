package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.cli.YesOption;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cruddur local up|status|env|down|reset}: the embedded local environment. */
@Command(
    name = "local",
    description = {
      "The embedded local environment: PostgreSQL (data kept in .cruddur/local) and moto's server",
      "(DynamoDB, DynamoDB Streams, Cognito; in memory) on 127.0.0.1, with no AWS account and no Docker.",
      "Any command on the local target starts it first if it is not up."
    },
    mixinStandardHelpOptions = true,
    subcommands = {
      LocalCommand.Up.class,
      LocalCommand.Status.class,
      LocalCommand.Env.class,
      LocalCommand.Down.class,
      LocalCommand.Reset.class
    })
public final class LocalCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A command on the local environment: its target is the local one. */
  abstract static class LocalBase extends CommandBase {
    @Override
    public Optional<String> describedTarget() {
      return Optional.of("local");
    }
  }

  /** {@code local up}. */
  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start PostgreSQL and moto (harmless when already up); returns when both answer.")
  static final class Up extends LocalBase {
    @Option(names = "--postgres-port", paramLabel = "PORT",
        description = "PostgreSQL's port (default 5432, or the next free one). An explicit port must be free.")
    Integer postgresPort;

    @Option(names = "--moto-port", paramLabel = "PORT",
        description = "moto's port for DynamoDB and Cognito (default 8000, or the next free one). An explicit port must be free.")
    Integer motoPort;

    @Override
    protected OperationResult execute() {
      return localEnvironment().up(new LocalPorts(optional(postgresPort), optional(motoPort)), renderer().notices());
    }

    private static OptionalInt optional(Integer port) {
      return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }
  }

  /** {@code local status}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Say which services are up, with their endpoints.")
  static final class Status extends LocalBase {
    @Override
    protected OperationResult execute() {
      return localEnvironment().status();
    }
  }

  /** {@code local env}. */
  @Command(name = "env", mixinStandardHelpOptions = true,
      description = {
        "Print shell export lines for the local environment (starting it if needed), so that",
        "eval \"$(./cruddur local env)\" points the app, the AWS CLI and psql at it."
      })
  static final class Env extends LocalBase {
    @Override
    protected OperationResult execute() {
      return localEnvironment().variables();
    }
  }

  /** {@code local down}. */
  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop what `local up` started (by pid). PostgreSQL's data is kept; moto's is gone.")
  static final class Down extends LocalBase {
    @Override
    protected OperationResult execute() {
      return localEnvironment().down();
    }
  }

  /** {@code local reset}. */
  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Stop the local environment and delete its data (PostgreSQL's included).")
  static final class Reset extends LocalBase {
    @Mixin YesOption yes;

    @Override
    protected OperationResult execute() {
      return localEnvironment().reset(confirmation(yes));
    }
  }
}
