package app.cruddur.ops.runner.internal.baseline;

import app.cruddur.ops.runner.internal.baseline.SchemaDiff.Diff;
import app.cruddur.ops.runner.internal.baseline.SchemaDiff.FieldDifference;
import app.cruddur.ops.runner.internal.baseline.SchemaDiff.ObjectKey;
import app.cruddur.ops.runner.internal.liquibase.ChangeSetInfo;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseScope;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.command.CommandScope;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.database.Database;
import liquibase.exception.UnexpectedLiquibaseException;
import liquibase.snapshot.DatabaseSnapshot;

/**
 * Judges every changeset of a changelog against a live database, with Liquibase's own snapshot and
 * diff: the changesets are built on a {@link ScratchPostgres}, a snapshot after each, so a
 * changeset's effect is the diff between the snapshots before and after it (objects added, changed,
 * removed); each part of that effect is then looked up in the diff between the scratch state and
 * the live database's snapshot. Only the public schema's tables, columns, keys, unique constraints,
 * indexes and foreign keys are compared (what a core snapshot sees): a changeset that changes none
 * of them (data, functions, triggers) has no schema effect to find.
 */
final class SchemaJudge {
  private SchemaJudge() {}

  /** What is in place of a changeset's schema effect. */
  enum Presence {
    /** Every part of its effect is in the database as it makes it. */
    PRESENT,
    /** No part of its effect is there. */
    ABSENT,
    /** Part of it is there, or there in another shape. */
    DIFFERENT,
    /** It changes nothing a snapshot sees (data, functions, triggers). */
    NO_SCHEMA_EFFECT
  }

  /**
   * A changeset's verdict.
   *
   * @param changeSet the changeset
   * @param presence what is in place
   * @param differences what differs, in words (for DIFFERENT)
   * @param keys the objects it adds or changes
   */
  record Verdict(
      ChangeSetInfo changeSet, Presence presence, List<String> differences, Set<ObjectKey> keys) {}

  /**
   * The verdicts of the changesets judged, in order, and what would reconcile the different ones.
   *
   * @param verdicts by changeset key, in execution order
   * @param reconciling the changes that bring the objects of the changesets judged different to
   *     their final shape, where the difference would break something ({@link Reconciliation})
   */
  record Judgement(Map<String, Verdict> verdicts, List<Reconciliation.Change> reconciling) {}

  /**
   * Builds {@code changeSets} (those in context, in order) on a scratch PostgreSQL and judges each
   * against {@code live}.
   *
   * @param skip keys of changesets already recorded in the live DATABASECHANGELOG: built, not
   *     judged
   */
  static Judgement judge(
      Path projectDir,
      String changelog,
      String context,
      List<ChangeSetInfo> changeSets,
      Connection live,
      Set<String> skip)
      throws Exception {
    try (ScratchPostgres scratch = ScratchPostgres.start(live.getCatalog());
        Connection built = scratch.open()) {
      return LiquibaseScope.run(
          projectDir,
          () -> {
            DatabaseSnapshot theirs = SchemaDiff.snapshot(SchemaDiff.database(live));
            Database ours = SchemaDiff.database(built);
            // one update, a snapshot after each changeset (Liquibase's listener): the state the
            // changesets up to it make; one that ran nothing (marked ran) leaves the state as it
            // was
            Map<String, DatabaseSnapshot> stateAfter = new LinkedHashMap<>();
            AbstractChangeExecListener snapshots =
                new AbstractChangeExecListener() {
                  @Override
                  public void ran(
                      ChangeSet changeSet,
                      DatabaseChangeLog log,
                      Database database,
                      ChangeSet.ExecType type) {
                    try {
                      stateAfter.put(
                          ChangeSetInfo.key(
                              changeSet.getFilePath(), changeSet.getId(), changeSet.getAuthor()),
                          SchemaDiff.snapshot(database));
                    } catch (Exception e) {
                      throw new UnexpectedLiquibaseException(e);
                    }
                  }
                };
            List<DatabaseSnapshot> states = new ArrayList<>();
            states.add(SchemaDiff.snapshot(ours));
            new CommandScope("update")
                .addArgumentValue("database", ours)
                .addArgumentValue("changelogFile", changelog)
                .addArgumentValue("contexts", context)
                .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, snapshots)
                .setOutput(OutputStream.nullOutputStream())
                .execute();
            for (ChangeSetInfo cs : changeSets) {
              states.add(stateAfter.getOrDefault(cs.key(), states.get(states.size() - 1)));
            }
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            Diff before = SchemaDiff.diff(states.get(0), theirs);
            for (int i = 0; i < changeSets.size(); i++) {
              ChangeSetInfo cs = changeSets.get(i);
              Diff after = SchemaDiff.diff(states.get(i + 1), theirs);
              if (!skip.contains(cs.key())) {
                verdicts.put(
                    cs.key(),
                    verdict(cs, SchemaDiff.diff(states.get(i + 1), states.get(i)), before, after));
              }
              before = after;
            }
            Set<ObjectKey> different = new LinkedHashSet<>();
            verdicts.values().stream()
                .filter(v -> v.presence() == Presence.DIFFERENT)
                .forEach(v -> different.addAll(v.keys()));
            return new Judgement(
                verdicts,
                Reconciliation.plan(different, before.missing(), before.changed(), built, live));
          });
    }
  }

  private static Verdict verdict(ChangeSetInfo cs, Diff effect, Diff before, Diff after) {
    int present = 0;
    int absent = 0;
    List<String> differences = new ArrayList<>();
    Set<ObjectKey> keys = new LinkedHashSet<>(effect.missing());
    keys.addAll(effect.changed().keySet());
    for (ObjectKey added : effect.missing()) {
      if (after.missing().contains(added)) {
        absent++;
        differences.add(added + " is missing");
      } else if (after.changed().containsKey(added)) {
        differences.addAll(describe(added, after.changed().get(added)));
        present++;
        absent++;
      } else {
        present++;
      }
    }
    for (Map.Entry<ObjectKey, List<FieldDifference>> e : effect.changed().entrySet()) {
      ObjectKey key = e.getKey();
      Set<String> made = new LinkedHashSet<>();
      e.getValue().forEach(d -> made.add(d.field()));
      if (after.missing().contains(key)) {
        absent++;
        continue;
      }
      List<FieldDifference> found =
          after.changed().getOrDefault(key, List.of()).stream()
              .filter(d -> made.contains(d.field()))
              .toList();
      if (found.isEmpty()) {
        present++;
      } else if (found.size() == made.size()) {
        absent++;
        differences.addAll(describe(key, found));
      } else {
        present++;
        absent++;
        differences.addAll(describe(key, found));
      }
    }
    for (ObjectKey removed : effect.unexpected()) {
      if (before.missing().contains(removed)) {
        present++;
      } else {
        absent++;
        differences.add(removed + " is still there");
      }
    }
    Presence presence;
    if (present == 0 && absent == 0) {
      presence = Presence.NO_SCHEMA_EFFECT;
    } else if (absent == 0) {
      presence = Presence.PRESENT;
    } else if (present == 0) {
      presence = Presence.ABSENT;
    } else {
      presence = Presence.DIFFERENT;
    }
    differences.sort(null);
    return new Verdict(
        cs,
        presence,
        presence == Presence.DIFFERENT ? List.copyOf(differences) : List.of(),
        java.util.Collections.unmodifiableSet(keys));
  }

  /** A difference in words: {@code users.created_at: type is timestamp here, ... ours}. */
  static List<String> describe(ObjectKey key, List<FieldDifference> differences) {
    List<String> words = new ArrayList<>();
    for (FieldDifference d : differences) {
      words.add(
          key
              + ": "
              + (d.field().equals("defaultValue") ? "default" : d.field())
              + " is "
              + d.theirs()
              + " here, "
              + d.ours()
              + " in the changesets");
    }
    return words;
  }
}
