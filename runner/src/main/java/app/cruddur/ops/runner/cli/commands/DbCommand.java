package app.cruddur.ops.runner.cli.commands;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ExitCode;
import app.cruddur.ops.runner.api.Release;
import app.cruddur.ops.runner.api.ReleaseListener;
import app.cruddur.ops.runner.cli.DurationConverter;
import app.cruddur.ops.runner.cli.ReleaseReport;
import app.cruddur.ops.runner.internal.liquibase.ChangeSetInfo;
import app.cruddur.ops.runner.internal.liquibase.Changelog;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands;
import app.cruddur.ops.runner.internal.release.StepDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cruddur db ...}: the Liquibase part of the release, on its own. */
@Command(name = "db", mixinStandardHelpOptions = true,
    description = "PostgreSQL migrations (Liquibase changesets in migrations/), under the same lock and ledger as releases.",
    subcommands = {DbCommand.Update.class, DbCommand.Status.class, DbCommand.UpdateSql.class, DbCommand.Rollback.class,
        DbCommand.Tag.class})
public final class DbCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What every db subcommand takes. */
  abstract static class DbBase extends TargetCommandBase {
    @Option(names = "--context", paramLabel = "NAME", description = "Context (default: dev on the local target).")
    String contextName;

    @Option(names = "--step", paramLabel = "VERSION", description = "The liquibase step, when seeders/ has several.")
    String stepKey;

    @Option(names = "--wait", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Queue behind a release holding the lock for up to DURATION.")
    Duration wait = Duration.ZERO;

    Release open() {
      return release(contextName, wait, ReleaseReport.listener(out()));
    }

    StepDefinition step(Release release) {
      List<StepDefinition> steps = release.engine().liquibaseSteps();
      if (stepKey != null) {
        return steps.stream().filter(s -> s.id().key().equals(stepKey)).findFirst()
            .orElseThrow(() -> CruddurException.usage("there is no liquibase step " + stepKey,
                "Choose one of: " + steps.stream().map(s -> s.id().key()).collect(Collectors.joining(", "))));
      }
      if (steps.isEmpty()) {
        throw CruddurException.usage("seeders/ declares no liquibase step", "Add one (kind: liquibase, changelog: migrations/changelog.yaml)");
      }
      if (steps.size() > 1) {
        throw CruddurException.usage("seeders/ declares several liquibase steps",
            "Choose one with --step (" + steps.stream().map(s -> s.id().key()).collect(Collectors.joining(", ")) + ")");
      }
      return steps.get(0);
    }
  }

  /** {@code db update}. */
  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Apply pending changesets (the liquibase steps of a release only, recorded in the ledger).")
  static final class Update extends DbBase {
    @Override
    protected ExitCode execute() {
      try (Release release = open()) {
        ReleaseReport.printResult(out(), release.apply(Set.of("liquibase")));
      }
      return ExitCode.OK;
    }
  }

  /** {@code db status}. */
  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "List the changesets: applied (with tags) and pending in this context.")
  static final class Status extends DbBase {
    @Override
    protected ExitCode execute() {
      try (Release release = open()) {
        StepDefinition step = step(release);
        LiquibaseCommands commands = release.engine().liquibase(step);
        Map<String, LiquibaseCommands.RanChangeSet> ran = new LinkedHashMap<>();
        commands.ran().forEach(r -> ran.put(r.key(), r));
        String changelog = release.engine().liquibaseChangelog(step);
        Changelog log = Changelog.parse(projectDir(), changelog, release.configuration().context());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ChangeSetInfo cs : log.changeSets()) {
          LiquibaseCommands.RanChangeSet r = ran.get(cs.key());
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("file", cs.file());
          row.put("id", cs.id());
          row.put("author", cs.author());
          row.put("state", r != null ? "applied" : cs.inContext() ? "pending" : "not in context");
          row.put("tag", r == null ? "" : r.tag().orElse(""));
          row.put("contexts", cs.contexts());
          rows.add(row);
        }
        long pending = rows.stream().filter(r -> r.get("state").equals("pending")).count();
        if (out().json()) {
          out().printJson(Map.of("changelog", changelog, "pending", pending, "changesets", rows));
        } else {
          out().table(List.of("FILE", "ID", "AUTHOR", "STATE", "TAG", "CONTEXTS"), rows.stream()
              .map(r -> r.values().stream().map(String::valueOf).toList()).toList());
          out().line(pending == 0 ? "No pending changesets." : pending + " pending changesets.");
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code db update-sql}. */
  @Command(name = "update-sql", mixinStandardHelpOptions = true,
      description = "Print the SQL `db update` would run, without running it.")
  static final class UpdateSql extends DbBase {
    @Override
    protected ExitCode execute() {
      try (Release release = open()) {
        String sql = release.engine().liquibase(step(release)).updateSql();
        if (out().json()) {
          out().printJson(Map.of("sql", sql));
        } else {
          out().line(sql.strip());
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code db rollback --count N | --tag T}. */
  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Roll back the last N changesets, or those after a tag, under the release lock; recorded in the ledger.")
  static final class Rollback extends DbBase {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @Option(names = "--count", paramLabel = "N", description = "Roll back the last N changesets.")
      Integer count;

      @Option(names = "--tag", paramLabel = "TAG", description = "Roll back every changeset applied after TAG.")
      String tag;
    }

    @Option(names = "--confirm", paramLabel = "DATABASE",
        description = "Required on a non-local target: the database's name, to confirm the rollback.")
    String confirm;

    @Override
    protected ExitCode execute() {
      if (which.count != null && which.count < 1) {
        throw CruddurException.usage("--count must be at least 1, not " + which.count, "Pass the number of changesets to roll back");
      }
      try (Release release = open()) {
        if (!target().isLocal()) {
          String database = release.session().postgres().describe();
          String name = database.substring(database.lastIndexOf('/') + 1);
          if (!name.equals(confirm)) {
            throw CruddurException.usage("rollback on " + target().describe() + " (" + database + ") needs confirmation",
                "Repeat the database's name: --confirm " + name);
          }
        }
        StepDefinition step = step(release);
        String summary = release.engine().underLockRecordingRollback(step, commands -> {
          List<LiquibaseCommands.RanChangeSet> before = commands.ran();
          if (which.count != null) {
            commands.rollbackCount(which.count);
          } else {
            commands.rollbackToTag(which.tag);
          }
          Set<String> after = commands.ran().stream().map(LiquibaseCommands.RanChangeSet::key).collect(Collectors.toSet());
          List<String> undone = before.stream().filter(r -> !after.contains(r.key())).map(LiquibaseCommands.RanChangeSet::id).toList();
          return "rolled back " + undone.size() + (undone.size() == 1 ? " changeset" : " changesets")
              + (undone.isEmpty() ? "" : ": " + String.join(", ", undone));
        });
        if (out().json()) {
          out().printJson(Map.of("rolledBack", summary));
        } else {
          out().line(summary);
        }
      }
      return ExitCode.OK;
    }
  }

  /** {@code db tag NAME}. */
  @Command(name = "tag", mixinStandardHelpOptions = true,
      description = "Tag the current database state, for a later `db rollback --tag`.")
  static final class Tag extends DbBase {
    @picocli.CommandLine.Parameters(paramLabel = "NAME", description = "The tag.")
    String name;

    @Override
    protected ExitCode execute() {
      try (Release release = open()) {
        LiquibaseCommands commands = release.engine().liquibase(step(release));
        if (commands.ran().isEmpty()) {
          throw CruddurException.usage("there is nothing to tag: no changeset is applied yet", "Run `cruddur release` first");
        }
        release.engine().underLock(() -> {
          commands.tag(name);
          return null;
        });
        if (out().json()) {
          out().printJson(Map.of("tagged", name));
        } else {
          out().line("tagged the current state as " + name);
        }
      }
      return ExitCode.OK;
    }
  }
}
