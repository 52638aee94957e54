package app.cruddur.ops.runner.internal.liquibase;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.FailedChangeset;
import app.cruddur.ops.runner.internal.OneLine;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.pg.SessionLimits;
import app.cruddur.ops.runner.internal.step.Deadline;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import liquibase.Scope;
import liquibase.changelog.FastCheckService;
import liquibase.command.CommandScope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.ValidationFailedException;

/**
 * Liquibase commands through {@link CommandScope} (never the deprecated {@code Liquibase} class),
 * each on a connection of its own, in our scope. Used by the liquibase step and {@code cruddur db}.
 *
 * <p>Longer than our usual class (about 260 lines) on purpose: it is the one place that knows
 * Liquibase's command API, its scope set-up, its lock table and how its failures read; each command
 * is a few lines over the shared {@code run}/{@code withDatabase}, and splitting them would spread
 * that knowledge over several classes.
 */
public final class LiquibaseCommands {
  private final Path projectDir;
  private final String changelog;
  private final PgConnections postgres;
  private final String context;
  private final Connection session;
  private final SessionLimits limits;

  public LiquibaseCommands(
      Path projectDir, String changelog, PgConnections postgres, String context) {
    this(projectDir, changelog, postgres, context, null, SessionLimits.DEFAULTS);
  }

  private LiquibaseCommands(
      Path projectDir,
      String changelog,
      PgConnections postgres,
      String context,
      Connection session,
      SessionLimits limits) {
    this.projectDir = projectDir;
    this.changelog = changelog;
    this.postgres = postgres;
    this.context = context;
    this.session = session;
    this.limits = limits;
  }

  /**
   * The same commands with their SQL on {@code lockSession}, the connection that holds the release
   * lock, under {@code limits}: the lock then lasts exactly as long as the SQL (a runner killed
   * mid-changeset frees it only when the server has ended that statement), and no rerun can run a
   * changeset beside it.
   */
  public LiquibaseCommands on(Connection lockSession, SessionLimits limits) {
    return new LiquibaseCommands(projectDir, changelog, postgres, context, lockSession, limits);
  }

  /**
   * A row of DATABASECHANGELOG.
   *
   * @param md5sum Liquibase's checksum of the changeset when it ran ({@code 9:...}; null when
   *     cleared)
   */
  public record RanChangeSet(
      String key,
      String file,
      String id,
      String author,
      int order,
      Optional<String> tag,
      String md5sum) {}

  /**
   * What an update did.
   *
   * @param applied the keys of the changesets it applied, in order
   * @param pending how many changesets were pending when it started
   * @param stoppedBefore the key of the first changeset a sliced release's deadline kept from
   *     running, when it stopped at a changeset boundary before the end
   */
  public record Update(List<String> applied, int pending, Optional<String> stoppedBefore) {}

  /**
   * Applies the pending changesets of {@code log}. Liquibase's own validation runs first and is
   * never silenced: a checksum it finds changed is drift (exit 3), not something to clear. No
   * invalid index survives it (see {@link InvalidIndexes}). With a real {@code deadline} (a sliced
   * release) it stops at the first changeset boundary after the deadline passed, once at least one
   * changeset ran ({@link SlicedUpdateCommandStep}); without one it is Liquibase's {@code update}.
   */
  public Update update(Changelog log, Consumer<String> notices, Deadline deadline) {
    Set<String> before = ranKeys();
    List<ChangeSetInfo> pending =
        log.changeSets().stream()
            .filter(ChangeSetInfo::inContext)
            .filter(cs -> !before.contains(cs.key()))
            .toList();
    withSession(
        c -> {
          InvalidIndexes.clearBeforeUpdate(c, pending, notices);
          return null;
        });
    Optional<ChangesetBoundary> boundary =
        deadline.bounded() ? Optional.of(new ChangesetBoundary(deadline)) : Optional.empty();
    run(
        boundary.isPresent() ? SlicedUpdateCommandStep.NAME : "update",
        null,
        scope ->
            boundary.ifPresent(
                b -> scope.addArgumentValue(SlicedUpdateCommandStep.BOUNDARY_ARG, b)));
    List<String> applied = new ArrayList<>();
    for (RanChangeSet ran : ran()) {
      if (!before.contains(ran.key())) {
        applied.add(ran.key());
      }
    }
    withSession(
        c -> {
          failOnInvalidIndexes(c, log, applied);
          return null;
        });
    return new Update(applied, pending.size(), boundary.flatMap(ChangesetBoundary::stoppedBefore));
  }

  /**
   * An index left invalid by this update: its changesets are recorded as not applied, so the next
   * release builds it again.
   */
  private static void failOnInvalidIndexes(Connection c, Changelog log, List<String> applied)
      throws SQLException {
    List<InvalidIndexes.Index> invalid = InvalidIndexes.find(c);
    if (invalid.isEmpty()) {
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    invalid.forEach(i -> names.add(i.name()));
    List<String> unrecorded = new ArrayList<>();
    for (ChangeSetInfo cs : log.changeSets()) {
      if (applied.contains(cs.key()) && cs.concurrentIndexes().stream().anyMatch(names::contains)) {
        try (PreparedStatement d =
            c.prepareStatement(
                "DELETE FROM public.databasechangelog WHERE filename = ? AND id = ? AND author"
                    + " = ?")) {
          d.setString(1, cs.file());
          d.setString(2, cs.id());
          d.setString(3, cs.author());
          d.executeUpdate();
        }
        unrecorded.add(cs.id());
      }
    }
    String which =
        String.join(", ", invalid.stream().map(i -> i.schema() + "." + i.name()).toList());
    throw CruddurException.of(
        ErrorCode.LIQUIBASE_FAILED,
        "the update left the invalid index "
            + which
            + " (a CREATE INDEX CONCURRENTLY that did not finish, or one skipped by IF NOT EXISTS)"
            + (unrecorded.isEmpty()
                ? ""
                : "; changeset " + String.join(", ", unrecorded) + " is recorded as not applied"),
        "Rerun the release: it drops the invalid index and builds it again");
  }

  /** The SQL {@link #update} would run, without running it. */
  public String updateSql() {
    ByteArrayOutputStream sql = new ByteArrayOutputStream();
    run("updateSql", sql, scope -> {});
    return sql.toString(StandardCharsets.UTF_8);
  }

  /** Rolls back the last {@code count} changesets. */
  public void rollbackCount(int count) {
    runRollback("rollbackCount", "count", count);
  }

  /** Rolls back every changeset applied after {@code tag}. */
  public void rollbackToTag(String tag) {
    if (ran().stream().noneMatch(r -> r.tag().filter(tag::equals).isPresent())) {
      throw CruddurException.of(
          ErrorCode.UNKNOWN_TAG,
          "there is no tag '" + tag + "' in DATABASECHANGELOG",
          "List the tags with `cruddur db status`, or create one with `cruddur db tag NAME`");
    }
    runRollback("rollback", "tag", tag);
  }

  /** Tags the current state, for a later {@code rollback --tag}. */
  public void tag(String tag) {
    withDatabase(
        database -> {
          new CommandScope("tag")
              .addArgumentValue("database", database)
              .addArgumentValue("tag", tag)
              .setOutput(java.io.OutputStream.nullOutputStream())
              .execute();
          return null;
        });
  }

  /** Lets Liquibase recompute its own checksums (after ours said nothing changed). */
  public void clearChecksums() {
    withDatabase(
        database -> {
          new CommandScope("clearChecksums")
              .addArgumentValue("database", database)
              .setOutput(java.io.OutputStream.nullOutputStream())
              .execute();
          return null;
        });
  }

  /**
   * Releases Liquibase's table lock if it is set. Only called while holding the release lock, so a
   * set lock belongs to a run that died (kill -9): the stuck-lock complaint of Liquibase users.
   * Returns who held it, when it was released.
   */
  public Optional<String> releaseStaleLock(Connection c) throws SQLException {
    if (!tableExists(c, "databasechangeloglock")) {
      return Optional.empty();
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT lockedby, lockgranted FROM public.databasechangeloglock WHERE locked")) {
      if (!rs.next()) {
        return Optional.empty();
      }
      String by = rs.getString(1);
      Timestamp since = rs.getTimestamp(2);
      try (Statement u = c.createStatement()) {
        u.executeUpdate(
            "UPDATE public.databasechangeloglock SET locked = false, lockgranted = NULL, lockedby ="
                + " NULL");
      }
      return Optional.of(by + (since == null ? "" : " since " + since.toInstant()));
    }
  }

  /** DATABASECHANGELOG in execution order (empty before the first update). */
  public List<RanChangeSet> ran() {
    try (Connection c = postgres.open("cruddur liquibase")) {
      return ran(c);
    } catch (SQLException e) {
      throw postgres.unreachable(e);
    }
  }

  /** DATABASECHANGELOG in execution order, on the caller's connection. */
  public static List<RanChangeSet> ran(Connection c) throws SQLException {
    if (!tableExists(c, "databasechangelog")) {
      return List.of();
    }
    List<RanChangeSet> rows = new ArrayList<>();
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT filename, id, author, orderexecuted, tag, md5sum FROM"
                    + " public.databasechangelog ORDER BY orderexecuted");
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String file = rs.getString(1);
        String id = rs.getString(2);
        String author = rs.getString(3);
        rows.add(
            new RanChangeSet(
                ChangeSetInfo.key(file, id, author),
                file,
                id,
                author,
                rs.getInt(4),
                Optional.ofNullable(rs.getString(5)),
                rs.getString(6)));
      }
    }
    return rows;
  }

  private Set<String> ranKeys() {
    Set<String> keys = new LinkedHashSet<>();
    ran().forEach(r -> keys.add(r.key()));
    return keys;
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, "public." + table);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private void run(String command, ByteArrayOutputStream output, Consumer<CommandScope> more) {
    withDatabase(
        database -> {
          CommandScope scope =
              new CommandScope(command)
                  .addArgumentValue("database", database)
                  .addArgumentValue("changelogFile", changelog)
                  .addArgumentValue("contexts", context);
          // Liquibase writes summaries to the command's output: ours is stdout, so keep it out of
          // there
          scope.setOutput(output != null ? output : java.io.OutputStream.nullOutputStream());
          if (!command.equals("updateSql")) {
            scope.addArgumentValue("showSummaryOutput", "LOG");
          }
          more.accept(scope);
          scope.execute();
          return null;
        });
  }

  private void runRollback(String command, String argument, Object value) {
    withDatabase(
        database -> {
          new CommandScope(command)
              .addArgumentValue("database", database)
              .addArgumentValue("changelogFile", changelog)
              .addArgumentValue("contexts", context)
              .addArgumentValue(argument, value)
              .setOutput(java.io.OutputStream.nullOutputStream())
              .execute();
          return null;
        });
  }

  private interface DatabaseWork<T> {
    T run(Database database) throws Exception;
  }

  private <T> T withDatabase(DatabaseWork<T> work) {
    return withSession(
        connection ->
            LiquibaseScope.run(
                projectDir,
                () -> {
                  Database database =
                      DatabaseFactory.getInstance()
                          .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                  try {
                    return work.run(database);
                  } finally {
                    // an in-process rollback must not leave a stale "up to date" answer for a later
                    // update
                    Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
                    if (session == null) {
                      database.close();
                    }
                  }
                }));
  }

  /**
   * Work on the connection the SQL runs on: the lock session (left as it was found) or a new one.
   */
  private interface SessionWork<T> {
    T run(Connection connection) throws Exception;
  }

  private <T> T withSession(SessionWork<T> work) {
    Connection connection = session != null ? session : postgres.open("cruddur liquibase");
    try {
      if (session != null) {
        limits.applyTo(connection);
      }
      return work.run(connection);
    } catch (CruddurException e) {
      throw e;
    } catch (Exception e) {
      throw translate(e);
    } finally {
      if (session != null) {
        restore(connection);
      } else {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // already closed by Liquibase
        }
      }
    }
  }

  /** The lock session back as the ledger uses it: autocommit, the default limits. */
  private static void restore(Connection c) {
    try {
      if (!c.isClosed()) {
        if (!c.getAutoCommit()) {
          c.rollback();
          c.setAutoCommit(true);
        }
        SessionLimits.DEFAULTS.applyTo(c);
      }
    } catch (SQLException lost) {
      // the session is gone (and the lock with it): the failure that ends the release says so
    }
  }

  private CruddurException translate(Exception e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof ValidationFailedException v) {
        return new CruddurException(
            ErrorCode.DRIFT,
            "Liquibase validation failed: " + OneLine.of(v.getMessage(), 400),
            "Run `cruddur validate` for details",
            v);
      }
      if (t instanceof SQLException sql
          && (PgConnections.isConnectionLoss(sql) || PgConnections.isDiskFull(sql))) {
        return postgres.unreachable(sql);
      }
      t = t.getCause();
    }
    Optional<FailedChangeset> changeset = FailedChangesets.of(e, projectDir);
    String problem =
        changeset
            .map(
                cs ->
                    cs.describe()
                        + (cs.statement().isEmpty() ? "" : ", in \"" + cs.statement() + "\"")
                        + ": "
                        + OneLine.of(deepestMessage(e), 300))
            .orElseGet(() -> "Liquibase failed: " + OneLine.of(deepestMessage(e), 400));
    return CruddurException.of(
            ErrorCode.LIQUIBASE_FAILED,
            problem,
            "Fix the changeset (rerun with --debug for Liquibase's log); the release can be rerun"
                + " safely",
            e)
        .withChangeset(changeset);
  }

  private static String deepestMessage(Throwable e) {
    String message = e.getMessage();
    Throwable t = e.getCause();
    while (t != null) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
      t = t.getCause();
    }
    return message == null ? e.toString() : message;
  }
}
