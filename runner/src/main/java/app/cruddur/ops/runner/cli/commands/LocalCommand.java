package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.api.LocalVariables;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ResourceNames;
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
      "(DynamoDB, DynamoDB Streams, Cognito; a snapshot kept in .cruddur/local/moto-state, restored"
          + " at start)",
      "on 127.0.0.1, with no AWS account and no Docker; its ports stay the same once chosen.",
      "Any command on the local target starts it first if it is not up, and says so."
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
  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description =
          "Start PostgreSQL and moto (harmless when already up), on this checkout's ports, with"
              + " moto's snapshot restored; returns when both answer.")
  static final class Up extends LocalBase {
    @Option(
        names = "--postgres-port",
        paramLabel = "PORT",
        description =
            "PostgreSQL's port (default: this checkout's, else 5432 or the next free one). An"
                + " explicit port must be free, and is kept from then on.")
    Integer postgresPort;

    @Option(
        names = "--moto-port",
        paramLabel = "PORT",
        description =
            "moto's port for DynamoDB and Cognito (default: this checkout's, else 8000 or the next"
                + " free one). An explicit port must be free, and is kept from then on.")
    Integer motoPort;

    @Override
    protected OperationResult execute() {
      return localEnvironment().up(new LocalPorts(optional(postgresPort), optional(motoPort)));
    }

    private static OptionalInt optional(Integer port) {
      return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }
  }

  /** {@code local status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Say which services are up, with their endpoints, what moto's data came back with at"
              + " start, and its last snapshot.")
  static final class Status extends LocalBase {
    @Override
    protected OperationResult execute() {
      return localEnvironment().status();
    }
  }

  /** {@code local env}. */
  @Command(
      name = "env",
      mixinStandardHelpOptions = true,
      description = {
        "Print the environment of the Cruddur app and the course's scripts for the local"
            + " environment (starting it if",
        "needed): eval \"$(./cruddur local env)\" points the app (Ddb.client(), Db),"
            + " bin/cognito/list-users,",
        "bin/db/update_cognito_user_ids, the AWS CLI and psql at it, whatever boto3 version"
            + " (AWS_DATA_PATH covers",
        "boto3 before 1.28 and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true). --format dotenv writes a"
            + " .env file instead."
      })
  static final class Env extends LocalBase {
    /** How the variables are written. */
    enum Format {
      shell,
      dotenv
    }

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "shell (export lines, the default) or dotenv (KEY=value lines).")
    Format format = Format.shell;

    @Option(
        names = "--table",
        paramLabel = "NAME",
        description = "The messages table (default cruddur-messages).")
    String table;

    @Option(
        names = "--user-pool-name",
        paramLabel = "NAME",
        description = "The user pool (default cruddur-user-pool).")
    String userPoolName;

    @Override
    protected OperationResult execute() {
      ResourceNames names = ResourceNames.defaults();
      names = table == null ? names : names.withTableName(table);
      names = userPoolName == null ? names : names.withUserPoolName(userPoolName);
      return localEnvironment()
          .variables(
              names,
              format == Format.dotenv ? LocalVariables.Format.DOTENV : LocalVariables.Format.SHELL);
    }
  }

  /** {@code local down}. */
  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description =
          "Stop what `local up` started (by pid). Its data is kept: PostgreSQL's, and moto's in a"
              + " snapshot restored by the next start.")
  static final class Down extends LocalBase {
    @Override
    protected OperationResult execute() {
      return localEnvironment().down();
    }
  }

  /** {@code local reset}. */
  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      description =
          "Stop the local environment and delete its data (PostgreSQL's, moto's snapshot) and its"
              + " ports.")
  static final class Reset extends LocalBase {
    @Mixin YesOption yes;

    @Override
    protected OperationResult execute() {
      return localEnvironment().reset(confirmation(yes));
    }
  }
}
