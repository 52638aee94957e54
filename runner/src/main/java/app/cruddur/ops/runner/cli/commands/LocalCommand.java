package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.AppEnvironment;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.api.LocalStatus;
import app.cruddur.ops.runner.api.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
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

  /** {@code local up}. */
  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start PostgreSQL and moto (harmless when already up); returns when both answer.")
  static final class Up extends CommandBase {
    @Option(names = "--postgres-port", paramLabel = "PORT",
        description = "PostgreSQL's port (default 5432, or the next free one). An explicit port must be free.")
    Integer postgresPort;

    @Option(names = "--moto-port", paramLabel = "PORT",
        description = "moto's port for DynamoDB and Cognito (default 8000, or the next free one). An explicit port must be free.")
    Integer motoPort;

    @Override
    protected ExitCode execute() {
      boolean wasUp = localEnvironment().status().up();
      if (!wasUp) {
        out().progress("Starting the local environment in " + localDir() + " …");
      }
      LocalStatus status = localEnvironment().up(new LocalPorts(optional(postgresPort), optional(motoPort)));
      printStatus(this, status, wasUp ? "already up" : "up");
      return ExitCode.OK;
    }

    private static OptionalInt optional(Integer port) {
      return port == null ? OptionalInt.empty() : OptionalInt.of(port);
    }
  }

  /** {@code local status}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Say which services are up, with their endpoints.")
  static final class Status extends CommandBase {
    @Override
    protected ExitCode execute() {
      LocalStatus status = localEnvironment().status();
      printStatus(this, status, status.up() ? "up" : "down");
      return ExitCode.OK;
    }
  }

  /** {@code local env}. */
  @Command(name = "env", mixinStandardHelpOptions = true,
      description = {
        "Print the environment of the Cruddur app and the course's scripts for the local environment (starting it if",
        "needed): eval \"$(./cruddur local env)\" points the app (Ddb.client(), Db), bin/cognito/list-users,",
        "bin/db/update_cognito_user_ids, the AWS CLI and psql at it, whatever boto3 version (AWS_DATA_PATH covers",
        "boto3 before 1.28 and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true). --format dotenv writes a .env file instead."
      })
  static final class Env extends CommandBase {
    /** How the variables are written. */
    enum Format { shell, dotenv }

    @Option(names = "--format", paramLabel = "FORMAT", description = "shell (export lines, the default) or dotenv (KEY=value lines).")
    Format format = Format.shell;

    @Option(names = "--table", paramLabel = "NAME", description = "The messages table (default cruddur-messages).")
    String table;

    @Option(names = "--user-pool-name", paramLabel = "NAME", description = "The user pool (default cruddur-user-pool).")
    String userPoolName;

    @Override
    protected ExitCode execute() {
      ResourceNames names = ResourceNames.defaults();
      names = table == null ? names : names.withTableName(table);
      names = userPoolName == null ? names : names.withUserPoolName(userPoolName);
      AppEnvironment env = localEnvironment().appEnvironment(names);
      env.warnings().forEach(out()::warn);
      if (out().json()) {
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> variables = new java.util.LinkedHashMap<>();
        env.variables().forEach(v -> variables.put(v.name(), v.value()));
        doc.put("variables", variables);
        doc.put("warnings", env.warnings());
        out().printJson(doc);
      } else if (format == Format.dotenv) {
        out().line("# cruddur local env --format dotenv: the local environment for the Cruddur app");
        env.variables().forEach(v -> out().line(v.name() + "=" + dotenvQuote(v.value())));
      } else {
        env.variables().forEach(v -> out().line("export " + v.name() + "=" + shellQuote(v.value())));
      }
      return ExitCode.OK;
    }

    private static String shellQuote(String value) {
      return value.matches("[A-Za-z0-9_./:@-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    private static String dotenvQuote(String value) {
      return value.matches("[A-Za-z0-9_./:@-]+") ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }

  /** {@code local down}. */
  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop what `local up` started (by pid). PostgreSQL's data is kept; moto's is gone.")
  static final class Down extends CommandBase {
    @Override
    protected ExitCode execute() {
      boolean stopped = localEnvironment().down();
      if (out().json()) {
        out().printJson(java.util.Map.of("stopped", stopped, "dir", localDir().toString()));
      } else {
        out().line(stopped ? "local environment stopped" : "local environment was not running");
      }
      return ExitCode.OK;
    }
  }

  /** {@code local reset}. */
  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Stop the local environment and delete its data (PostgreSQL's included).")
  static final class Reset extends CommandBase {
    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    boolean yes;

    @Override
    protected ExitCode execute() {
      if (!yes && !confirm("Delete all local data in " + localDir() + "?", "--yes")) {
        out().line("nothing deleted");
        return ExitCode.OK;
      }
      localEnvironment().reset();
      if (out().json()) {
        out().printJson(java.util.Map.of("reset", true, "dir", localDir().toString()));
      } else {
        out().line("local environment stopped and its data deleted");
      }
      return ExitCode.OK;
    }
  }

  static void printStatus(CommandBase command, LocalStatus status, String headline) {
    if (command.out().json()) {
      command.out().printJson(status);
      return;
    }
    command.out().line("local environment " + headline + " (" + status.dir() + ")");
    List<List<String>> rows = new ArrayList<>();
    for (LocalStatus.Service s : status.services()) {
      rows.add(List.of(s.name(), s.state(), s.endpoint(), s.serves()));
    }
    command.out().table(List.of("SERVICE", "STATE", "ENDPOINT", "SERVES"), rows);
    status.lastFailure().ifPresent(f -> command.out().line("last failure: " + f));
  }
}
