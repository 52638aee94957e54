package app.cruddur.ops.runner.internal.operations.db;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.RollbackResult;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code cruddur db rollback --count N | --tag T}: rolls changesets back under the release lock and
 * records in the ledger that they changed outside a release, so that the next release looks at them
 * again instead of trusting the last apply. On any database but the local environment's own
 * (another target, or --db-url / CRUDDUR_DATABASE_URL naming another server) the database's name
 * must be repeated ({@code --confirm}).
 */
public record Rollback(
    ReleaseSession release,
    Optional<String> stepKey,
    OptionalInt count,
    Optional<String> tag,
    Optional<String> confirm)
    implements Operation<RollbackResult> {
  /**
   * What a rollback records in its ledger row.
   *
   * @param summary what it rolled back
   */
  record RolledBack(String summary) {}

  @Override
  public RollbackResult run() {
    if (count.isPresent() && count.getAsInt() < 1) {
      throw CruddurException.of(
          ErrorCode.USAGE,
          "--count must be at least 1, not " + count.getAsInt(),
          "Pass the number of changesets to roll back");
    }
    if (!release.session().target().local()) {
      String database = release.session().postgres().describe();
      String name = database.substring(database.lastIndexOf('/') + 1);
      if (!confirm.filter(name::equals).isPresent()) {
        throw CruddurException.of(
            ErrorCode.NEEDS_CONFIRMATION,
            "rollback on " + release.target() + " (" + database + ") needs confirmation",
            "Repeat the database's name: --confirm " + name);
      }
    }
    ChosenChangelog step = ChosenChangelog.choose(release, stepKey);
    return release.underLock(
        "cruddur db",
        ledger -> {
          LiquibaseCommands commands = step.commandsOn(release, ledger.connection());
          commands.releaseStaleLock(ledger.connection());
          List<LiquibaseCommands.RanChangeSet> before = commands.ran();
          if (count.isPresent()) {
            commands.rollbackCount(count.getAsInt());
          } else {
            commands.rollbackToTag(tag.orElseThrow());
          }
          Set<String> after =
              commands.ran().stream()
                  .map(LiquibaseCommands.RanChangeSet::key)
                  .collect(Collectors.toSet());
          List<String> undone =
              before.stream()
                  .filter(r -> !after.contains(r.key()))
                  .map(LiquibaseCommands.RanChangeSet::id)
                  .toList();
          RollbackResult result = new RollbackResult(step.key(), undone, List.of());
          ledger.record(
              release.row(UUID.randomUUID(), step.definition()),
              LedgerEntry.Outcome.ROLLED_BACK,
              Instant.now(),
              Json.mapper().valueToTree(new RolledBack(result.summary())),
              null);
          return result;
        });
  }
}
