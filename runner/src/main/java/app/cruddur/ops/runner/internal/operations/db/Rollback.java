package app.cruddur.ops.runner.internal.operations.db;

import app.cruddur.ops.runner.api.Confirmation;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.RollbackResult;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands.RanChangeSet;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * must be repeated ({@code --confirm}); on the local one too when it undoes more than one changeset
 * or asks for more than are applied, unless a person at a terminal says yes.
 *
 * @param person who to ask on the local target; empty where nobody can be asked (no terminal, a
 *     vehicle, the API)
 */
public record Rollback(
    ReleaseSession release,
    Optional<String> stepKey,
    OptionalInt count,
    Optional<String> tag,
    Optional<String> confirm,
    Optional<Confirmation> person)
    implements Operation<RollbackResult> {
  /** How many changeset ids a question names before "and N more". */
  private static final int NAMED_IN_QUESTION = 5;

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
    String database = release.session().postgres().describe();
    String name = release.session().postgres().databaseName();
    boolean local = release.session().target().local();
    if (confirm.isPresent() && !confirm.get().equals(name)) {
      throw CruddurException.of(
          ErrorCode.NEEDS_CONFIRMATION,
          "--confirm " + confirm.get() + " is not the database's name (" + database + ")",
          "Repeat the database's name: --confirm " + name);
    }
    if (!local && confirm.isEmpty()) {
      throw needsConfirmation(database, name);
    }
    ChosenChangelog step = ChosenChangelog.choose(release, stepKey);
    return release.underLock(
        "cruddur db",
        ledger -> {
          LiquibaseCommands commands = step.commandsOn(release, ledger.connection());
          commands.releaseStaleLock(ledger.connection());
          List<RanChangeSet> before = commands.ran();
          // asked under the lock: what the person says yes to is exactly what is undone
          if (local && confirm.isEmpty() && wide(before)) {
            confirmByPerson(step.key(), toUndo(before), database, name);
          }
          if (count.isPresent()) {
            commands.rollbackCount(count.getAsInt());
          } else {
            commands.rollbackToTag(tag.orElseThrow());
          }
          Set<String> after =
              commands.ran().stream().map(RanChangeSet::key).collect(Collectors.toSet());
          List<String> undone =
              before.stream().filter(r -> !after.contains(r.key())).map(RanChangeSet::id).toList();
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

  /** More than one changeset, or more than are applied: a person confirms it. */
  private boolean wide(List<RanChangeSet> applied) {
    return count.isPresent()
        ? count.getAsInt() > 1 || count.getAsInt() > applied.size()
        : toUndo(applied).size() > 1;
  }

  /** The changesets the rollback will undo, newest first. */
  private List<RanChangeSet> toUndo(List<RanChangeSet> applied) {
    int from;
    if (count.isPresent()) {
      from = Math.max(0, applied.size() - count.getAsInt());
    } else {
      from = applied.size();
      for (int i = applied.size() - 1; i >= 0; i--) {
        if (applied.get(i).tag().filter(tag.orElseThrow()::equals).isPresent()) {
          from = i + 1;
          break;
        }
      }
    }
    List<RanChangeSet> undo = new ArrayList<>(applied.subList(from, applied.size()));
    Collections.reverse(undo);
    return undo;
  }

  private void confirmByPerson(
      String stepKey, List<RanChangeSet> undo, String database, String name) {
    String what =
        "Roll back "
            + undo.size()
            + (undo.size() == 1 ? " changeset" : " changesets")
            + " of "
            + stepKey
            + " on "
            + release.target()
            + " ("
            + database
            + ")"
            + (count.isPresent() && count.getAsInt() > undo.size()
                ? ", every one applied (--count " + count.getAsInt() + ")"
                : "")
            + named(undo);
    Confirmation asked = person.orElseThrow(() -> needsConfirmation(database, name));
    if (!asked.confirm(what + "?")) {
      throw CruddurException.of(ErrorCode.NOT_CONFIRMED, "not confirmed: nothing was done", "");
    }
  }

  private static String named(List<RanChangeSet> undo) {
    if (undo.isEmpty()) {
      return "";
    }
    List<String> ids = undo.stream().limit(NAMED_IN_QUESTION).map(RanChangeSet::id).toList();
    return ": "
        + String.join(", ", ids)
        + (undo.size() > ids.size() ? " and " + (undo.size() - ids.size()) + " more" : "");
  }

  private CruddurException needsConfirmation(String database, String name) {
    return CruddurException.of(
        ErrorCode.NEEDS_CONFIRMATION,
        "rollback "
            + (count.isPresent() ? "--count " + count.getAsInt() : "--tag " + tag.orElseThrow())
            + " on "
            + release.target()
            + " ("
            + database
            + ") needs confirmation",
        "Repeat the database's name: --confirm " + name);
  }
}
