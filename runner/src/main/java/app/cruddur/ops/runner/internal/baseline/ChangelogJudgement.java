package app.cruddur.ops.runner.internal.baseline;

import app.cruddur.ops.runner.api.BaselineResult.ChangesetBaseline;
import app.cruddur.ops.runner.api.BaselineResult.Judgement;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.internal.OneLine;
import app.cruddur.ops.runner.internal.liquibase.ChangeSetInfo;
import app.cruddur.ops.runner.internal.liquibase.Changelog;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseCommands;
import app.cruddur.ops.runner.internal.liquibase.LiquibaseScope;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import liquibase.Scope;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ResourceAccessor;

/**
 * A liquibase step's changelog judged against the target's database ({@link SchemaJudge}), and what
 * baseline does with it: the changesets whose effect is there (present, or there in another shape)
 * recorded as run in DATABASECHANGELOG through Liquibase's own history service, the reconciling
 * changesets written into the changelog's directory, included first.
 */
public final class ChangelogJudgement {
  /** The reconciling changesets' author. */
  static final String AUTHOR = "cruddur-baseline";

  private final String changelog;
  private final String database;
  private final List<ChangesetBaseline> changesets;
  private final Map<String, String> checksums;
  private final List<Reconciliation.Change> reconciling;

  private ChangelogJudgement(
      String changelog,
      String database,
      List<ChangesetBaseline> changesets,
      Map<String, String> checksums,
      List<Reconciliation.Change> reconciling) {
    this.changelog = changelog;
    this.database = database;
    this.changesets = changesets;
    this.checksums = checksums;
    this.reconciling = reconciling;
  }

  /**
   * Judges every changeset of {@code changelog} in {@code context} against the database of {@code
   * postgres}; those DATABASECHANGELOG records already are {@link Judgement#APPLIED}.
   */
  public static ChangelogJudgement judge(
      Path projectDir, String changelog, String context, PgConnections postgres) {
    Changelog log = Changelog.parse(projectDir, changelog, context);
    List<ChangeSetInfo> inContext =
        log.changeSets().stream().filter(ChangeSetInfo::inContext).toList();
    try (Connection live = postgres.open("cruddur baseline (judging)")) {
      live.setReadOnly(true);
      Set<String> recorded = new LinkedHashSet<>();
      LiquibaseCommands.ran(live).forEach(r -> recorded.add(r.key()));
      SchemaJudge.Judgement judged =
          SchemaJudge.judge(projectDir, changelog, context, inContext, live, recorded);
      List<ChangesetBaseline> out = new ArrayList<>();
      Map<String, String> checksums = new LinkedHashMap<>();
      for (ChangeSetInfo cs : inContext) {
        checksums.put(cs.key(), cs.checksum());
        SchemaJudge.Verdict v = judged.verdicts().get(cs.key());
        Judgement j =
            v == null
                ? Judgement.APPLIED
                : switch (v.presence()) {
                  case PRESENT -> Judgement.PRESENT;
                  case ABSENT -> Judgement.ABSENT;
                  case DIFFERENT -> Judgement.DIFFERENT;
                  case NO_SCHEMA_EFFECT -> Judgement.NOT_JUDGED;
                };
        out.add(
            new ChangesetBaseline(
                cs.id(),
                cs.author(),
                cs.file(),
                j,
                j == Judgement.PRESENT || j == Judgement.DIFFERENT,
                v == null ? List.of() : v.differences()));
      }
      return new ChangelogJudgement(
          changelog, live.getCatalog(), List.copyOf(out), checksums, judged.reconciling());
    } catch (CruddurException e) {
      throw e;
    } catch (SQLException e) {
      throw postgres.translate(e, "judging the changesets against the database");
    } catch (Exception e) {
      throw CruddurException.of(
          ErrorCode.LIQUIBASE_FAILED,
          "baseline could not compare the changesets with the database: "
              + OneLine.of(String.valueOf(e.getMessage()), 300),
          "Rerun with --debug for Liquibase's log",
          e);
    }
  }

  /** Every changeset in context, judged, in order. */
  public List<ChangesetBaseline> changesets() {
    return changesets;
  }

  /** True when every changeset is there as it makes it, and nothing needs reconciling. */
  public boolean wholePresent() {
    return reconciling.isEmpty()
        && changesets.stream()
            .allMatch(
                c -> c.judgement() == Judgement.PRESENT || c.judgement() == Judgement.APPLIED);
  }

  /** The ids of the reconciling changesets. */
  public List<String> reconcilingIds() {
    return reconciling.stream().map(Reconciliation.Change::id).toList();
  }

  /** Our checksum of every changeset in context, by key (a liquibase step's ledger details). */
  public Map<String, String> checksums() {
    return checksums;
  }

  /** The reconciling changelog's path relative to the project, when there is something to write. */
  public Optional<String> reconcilingFile() {
    if (reconciling.isEmpty()) {
      return Optional.empty();
    }
    String directory = changelog.substring(0, changelog.lastIndexOf('/') + 1);
    return Optional.of(
        directory + "000_adopt_" + database.replaceAll("[^A-Za-z0-9_]", "_") + ".sql");
  }

  /**
   * Writes the reconciling changesets (if any) and includes their file first in the changelog;
   * returns the file.
   */
  public Optional<String> writeReconciling(Path projectDir) {
    Optional<String> file = reconcilingFile();
    if (file.isEmpty()) {
      return file;
    }
    StringBuilder sql = new StringBuilder();
    sql.append("--liquibase formatted sql\n")
        .append("-- Written by `cruddur baseline` for the database ")
        .append(database)
        .append(", which was made without the runner:\n")
        .append("-- what it had in another shape than the changesets make, where that would break")
        .append(" a later changeset\n")
        .append("-- or the app's SQL. Each changeset runs only where its precondition finds the")
        .append(" difference, and is\n")
        .append("-- marked ran elsewhere (an empty database, one the changesets built). Review and")
        .append(" commit it.\n");
    for (Reconciliation.Change change : reconciling) {
      sql.append("\n--changeset ")
          .append(AUTHOR)
          .append(':')
          .append(change.id())
          .append("\n--comment: ")
          .append(change.why())
          .append("\n--preconditions onFail:MARK_RAN onError:HALT\n")
          .append("--precondition-sql-check expectedResult:1 SELECT CASE WHEN ")
          .append(change.condition())
          .append(" THEN 1 ELSE 0 END\n")
          .append(change.sql())
          .append("\n--rollback ")
          .append(change.rollback())
          .append('\n');
    }
    try {
      replace(projectDir.resolve(file.get()), sql.toString());
      includeFirst(projectDir.resolve(changelog), file.get());
    } catch (IOException e) {
      throw CruddurException.of(
          ErrorCode.FAILED,
          "baseline could not write " + file.get() + ": " + e.getMessage(),
          "Check that the project directory is writable, then rerun baseline",
          e);
    }
    return file;
  }

  private static void includeFirst(Path changelogFile, String include) throws IOException {
    String text = Files.readString(changelogFile, StandardCharsets.UTF_8);
    if (text.contains("file: " + include + "\n")) {
      return;
    }
    String head = "databaseChangeLog:\n";
    int at = text.indexOf(head);
    if (at < 0) {
      throw new IOException(
          "it has no top-level 'databaseChangeLog:' to include the file in; include "
              + include
              + " first by hand");
    }
    at += head.length();
    String entry =
        "  # written by cruddur baseline: runs only on the database it was written for\n"
            + "  - include:\n      file: "
            + include
            + "\n";
    replace(changelogFile, text.substring(0, at) + entry + text.substring(at));
  }

  /**
   * Writes {@code text} to a file beside {@code file}, then moves it over {@code file} atomically:
   * a baseline killed meanwhile leaves the old file or the new one, never a part of either (a
   * truncated changelog would stop every later command).
   */
  private static void replace(Path file, String text) throws IOException {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    Files.writeString(part, text, StandardCharsets.UTF_8);
    Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Records the changesets judged present or different as run in DATABASECHANGELOG, in one
   * transaction on {@code session} (the connection that holds the release lock), through
   * Liquibase's history service: the rows {@code update} would have written, checksums included.
   */
  public int sync(Path projectDir, Connection session) {
    Set<String> keys = new LinkedHashSet<>();
    for (ChangesetBaseline c : changesets) {
      if (c.synced()) {
        keys.add(ChangeSetInfo.key(c.file(), c.id(), c.author()));
      }
    }
    if (keys.isEmpty()) {
      return 0;
    }
    try {
      session.setAutoCommit(false);
      int synced =
          LiquibaseScope.run(
              projectDir,
              () -> {
                Database db =
                    DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(session));
                ResourceAccessor accessor = Scope.getCurrentScope().getResourceAccessor();
                DatabaseChangeLog log =
                    ChangeLogParserFactory.getInstance()
                        .getParser(changelog, accessor)
                        .parse(changelog, new ChangeLogParameters(db), accessor);
                ChangeLogHistoryService history =
                    Scope.getCurrentScope()
                        .getSingleton(ChangeLogHistoryServiceFactory.class)
                        .getChangeLogService(db);
                history.init();
                history.generateDeploymentId();
                int n = 0;
                for (ChangeSet cs : log.getChangeSets()) {
                  if (keys.contains(
                      ChangeSetInfo.key(cs.getFilePath(), cs.getId(), cs.getAuthor()))) {
                    history.setExecType(cs, ChangeSet.ExecType.EXECUTED);
                    n++;
                  }
                }
                db.commit();
                history.reset();
                return n;
              });
      return synced;
    } catch (Exception e) {
      try {
        session.rollback();
      } catch (SQLException ignored) {
        // the failure below says what happened
      }
      throw CruddurException.of(
          ErrorCode.LIQUIBASE_FAILED,
          "baseline could not record the changesets in DATABASECHANGELOG: "
              + OneLine.of(String.valueOf(e.getMessage()), 300),
          "Nothing of it was recorded; rerun baseline (--debug for Liquibase's log)",
          e);
    } finally {
      try {
        session.setAutoCommit(true);
      } catch (SQLException ignored) {
        // the session is gone, and the lock with it
      }
    }
  }
}
