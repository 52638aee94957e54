package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.Migrations;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.cli.ContextOption;
import app.cruddur.ops.runner.cli.ViaOption;
import app.cruddur.ops.runner.cli.ViaVehicle;
import app.cruddur.ops.runner.cli.WaitOption;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cruddur db ...}: the Liquibase part of the release, on its own. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description =
        "PostgreSQL migrations (Liquibase changesets in migrations/), under the same lock and"
            + " ledger as releases.",
    subcommands = {
      DbCommand.Update.class,
      DbCommand.Status.class,
      DbCommand.UpdateSql.class,
      DbCommand.Rollback.class,
      DbCommand.Tag.class
    })
public final class DbCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every db subcommand takes. */
  abstract static class DbBase extends TargetCommandBase {
    @Mixin ContextOption context;

    @Option(
        names = "--step",
        paramLabel = "VERSION",
        description = "The liquibase step, when seeders/ has several.")
    String stepKey;

    @Mixin WaitOption wait;

    /** Runs {@code operation} on the release's Liquibase part. */
    OperationResult onMigrations(Function<Migrations, OperationResult> operation) {
      try (Release release = release(context.name(), wait.duration(), renderer().progress())) {
        return operation.apply(release.migrations(Optional.ofNullable(stepKey)));
      }
    }
  }

  /** {@code db update}. */
  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description =
          "Apply pending changesets (the liquibase steps of a release only, recorded in the"
              + " ledger).")
  static final class Update extends DbBase {
    @Override
    protected OperationResult execute() {
      try (Release release = release(context.name(), wait.duration(), renderer().progress())) {
        return release.apply(Set.of("liquibase"));
      }
    }
  }

  /** {@code db status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "List the changesets: applied (with tags) and pending in this context.")
  static final class Status extends DbBase {
    @Override
    protected OperationResult execute() {
      return onMigrations(Migrations::changesets);
    }
  }

  /** {@code db update-sql}. */
  @Command(
      name = "update-sql",
      mixinStandardHelpOptions = true,
      description = "Print the SQL `db update` would run, without running it.")
  static final class UpdateSql extends DbBase {
    @Override
    protected OperationResult execute() {
      return onMigrations(Migrations::updateSql);
    }
  }

  /** {@code db rollback --count N | --tag T}. */
  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Roll back the last N changesets, or those after a tag, under the release lock; recorded"
              + " in the ledger.")
  static final class Rollback extends DbBase {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @ViaVehicle
      @Option(names = "--count", paramLabel = "N", description = "Roll back the last N changesets.")
      Integer count;

      @ViaVehicle
      @Option(
          names = "--tag",
          paramLabel = "TAG",
          description = "Roll back every changeset applied after TAG.")
      String tag;
    }

    @ViaVehicle
    @Option(
        names = "--confirm",
        paramLabel = "DATABASE",
        description =
            "The database's name, to confirm the rollback: required off the local target; on it,"
                + " for more than one changeset when there is no terminal to ask on.")
    String confirm;

    @Mixin ViaOption via;

    @Override
    protected OperationResult execute() {
      VerbRequest request =
          VerbRequest.rollback(
              which.count == null ? OptionalInt.empty() : OptionalInt.of(which.count),
              Optional.ofNullable(which.tag),
              Optional.ofNullable(confirm),
              out().json());
      return route(
          via,
          request,
          renderer().progress(),
          () ->
              onMigrations(
                  db ->
                      which.count != null
                          ? db.rollbackCount(which.count, request.confirm(), personAtTerminal())
                          : db.rollbackToTag(which.tag, request.confirm(), personAtTerminal())));
    }
  }

  /** {@code db tag NAME}. */
  @Command(
      name = "tag",
      mixinStandardHelpOptions = true,
      description = "Tag the current database state, for a later `db rollback --tag`.")
  static final class Tag extends DbBase {
    @Parameters(paramLabel = "NAME", description = "The tag.")
    String name;

    @Override
    protected OperationResult execute() {
      return onMigrations(db -> db.tag(name));
    }
  }
}
