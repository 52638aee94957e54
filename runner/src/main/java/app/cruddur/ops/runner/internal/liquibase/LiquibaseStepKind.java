package app.cruddur.ops.runner.internal.liquibase;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.ledger.LedgerEntry;
import app.cruddur.ops.runner.internal.pg.PgConnections;
import app.cruddur.ops.runner.internal.pg.SessionLimits;
import app.cruddur.ops.runner.internal.step.Reassessment;
import app.cruddur.ops.runner.internal.step.StepAction;
import app.cruddur.ops.runner.internal.step.StepKind;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code kind: liquibase}: a Liquibase changelog under {@code migrations/} applied to the target's
 * PostgreSQL. When no file under the changelog's directory changed since the last successful apply,
 * the step is applied without asking Liquibase; otherwise its changesets are compared one by one:
 * new ones are pending work, a changed applied one is drift. Its SQL runs on the session that holds
 * the release lock, under {@code lock_timeout} and {@code statement_timeout} (step-file keys,
 * defaults in {@link SessionLimits#DEFAULTS}).
 */
public final class LiquibaseStepKind implements StepKind<LiquibaseStepKind.LiquibaseStep> {
  private static final Logger LOG = Logger.getLogger(LiquibaseStepKind.class.getName());

  @Override
  public String name() {
    return "liquibase";
  }

  @Override
  public Store store() {
    return Store.POSTGRES;
  }

  @Override
  public Class<LiquibaseStep> actionType() {
    return LiquibaseStep.class;
  }

  @Override
  public LiquibaseStep parse(YamlMap body, StepSource source) {
    Path file = source.existingFile(body, "changelog");
    String changelog = source.projectDir().relativize(file).toString().replace('\\', '/');
    SessionLimits limits =
        new SessionLimits(
            body.optionalDuration("lock_timeout").orElse(SessionLimits.DEFAULTS.lockTimeout()),
            body.optionalDuration("statement_timeout")
                .orElse(SessionLimits.DEFAULTS.statementTimeout()));
    return new LiquibaseStep(source.projectDir(), changelog, source.file(), limits);
  }

  /**
   * What a liquibase step recorded in its ledger row: the changesets applied, by key, with our
   * canonical checksum (how a later change of an applied changeset is found).
   *
   * @param changelog the changelog, relative to the project
   * @param treeChecksum the checksum of every file under the changelog's directory
   * @param changesets checksum by changeset key, of those applied
   * @param paused where a paused update stopped ("after changeset … (2 of 5)"), else null
   */
  record LiquibaseDetails(
      String changelog,
      String treeChecksum,
      Map<String, String> changesets,
      @JsonInclude(JsonInclude.Include.NON_NULL) String paused) {}

  /** One liquibase step: its changelog, and the Liquibase commands on it. */
  public static final class LiquibaseStep implements StepAction {
    private final Path projectDir;
    private final String changelog;
    private final String stepFile;
    private final SessionLimits limits;
    private final String treeChecksum;
    private Changelog parsed;
    private String parsedFor;

    LiquibaseStep(Path projectDir, String changelog, String stepFile, SessionLimits limits) {
      this.projectDir = projectDir;
      this.changelog = changelog;
      this.stepFile = stepFile;
      this.limits = limits;
      this.treeChecksum = Changelog.treeChecksum(projectDir, changelog);
    }

    @Override
    public Optional<String> appliedDetail(LedgerEntry applied) {
      return applied.details(LiquibaseDetails.class).map(LiquibaseDetails::paused);
    }

    @Override
    public Optional<String> inputChecksum() {
      return Optional.of(treeChecksum);
    }

    @Override
    public void prepare(StepScope scope) {
      changelog(scope);
    }

    @Override
    public Optional<String> pendingDetail(StepScope scope) {
      List<ChangeSetInfo> pending = pendingChangeSets(scope);
      if (pending.isEmpty()) {
        return Optional.of("no new changesets");
      }
      List<String> ids = pending.stream().map(ChangeSetInfo::id).toList();
      return Optional.of(
          pending.size()
              + (pending.size() == 1 ? " changeset: " : " changesets: ")
              + String.join(", ", ids));
    }

    /**
     * Every changeset in DATABASECHANGELOG is checked against its file: by our canonical checksum
     * when the ledger recorded it ({@code since} applied), else by the checksum Liquibase recorded
     * (changesets a failed or interrupted attempt applied).
     */
    @Override
    public Reassessment reassess(StepScope scope, LedgerEntry since) {
      Changelog log = changelog(scope);
      List<LiquibaseCommands.RanChangeSet> ran = commands(scope).ran();
      Map<String, LiquibaseCommands.RanChangeSet> ranByKey = new LinkedHashMap<>();
      ran.forEach(r -> ranByKey.put(r.key(), r));
      Map<String, String> recorded =
          since.details(LiquibaseDetails.class).map(LiquibaseDetails::changesets).orElse(Map.of());
      List<String> drift = new ArrayList<>();
      Set<String> inChangelog = new LinkedHashSet<>();
      for (ChangeSetInfo cs : log.changeSets()) {
        inChangelog.add(cs.key());
        LiquibaseCommands.RanChangeSet r = ranByKey.get(cs.key());
        if (r == null) {
          continue;
        }
        String then = recorded.get(cs.key());
        String was = then != null ? then : r.md5sum();
        String now = then != null ? cs.checksum() : cs.liquibaseChecksum();
        // a checksum Liquibase recorded in another version's form is Liquibase's to upgrade, not
        // drift
        boolean comparable =
            then != null || was != null && was.startsWith(now.substring(0, now.indexOf(':') + 1));
        if (comparable && !was.equals(now)) {
          drift.add(
              cs.describe()
                  + " changed since it was applied (applied "
                  + shortForm(was)
                  + ", now "
                  + shortForm(now)
                  + ")");
        }
      }
      String directory = changelogDirectory();
      for (LiquibaseCommands.RanChangeSet r : ran) {
        if (r.file().startsWith(directory)
            && !inChangelog.contains(r.key())
            && recorded.containsKey(r.key())) {
          drift.add(
              r.file()
                  + " changeset "
                  + r.id()
                  + " ("
                  + r.author()
                  + ") was applied but is no longer in the changelog");
        }
      }
      if (!drift.isEmpty()) {
        return new Reassessment(drift, "");
      }
      return Reassessment.pending(pendingDetail(scope).orElse(""));
    }

    @Override
    public Optional<String> preview(StepScope scope) {
      return Optional.of(commands(scope).updateSql());
    }

    @Override
    public StepOutcome apply(StepScope scope) throws SQLException {
      Changelog log = changelog(scope);
      Connection lockSession =
          scope
              .lockSession()
              .orElseThrow(() -> new IllegalStateException("applied outside the release lock"));
      LiquibaseCommands commands = commands(scope).on(lockSession, limits);
      commands
          .releaseStaleLock(lockSession)
          .ifPresent(
              holder -> {
                LOG.info("released Liquibase's lock left by a run that died (" + holder + ")");
                scope
                    .listener()
                    .notice("released Liquibase's lock left by a run that died (" + holder + ")");
              });
      long t0 = System.nanoTime();
      LiquibaseCommands.Update update;
      try {
        update = commands.update(log, scope.listener()::notice, scope.deadline());
      } catch (CruddurException e) {
        throw PgConnections.isTimeout(e) ? timedOut(e) : e;
      }
      LiquibaseDetails details = details(log, commands.ran());
      List<String> applied = update.applied();
      List<String> ids = new ArrayList<>();
      for (String key : applied) {
        ids.add(key.split("::")[1]);
      }
      String summary =
          applied.isEmpty()
              ? "no pending changesets"
              : "applied "
                  + applied.size()
                  + (applied.size() == 1 ? " changeset: " : " changesets: ")
                  + String.join(", ", ids);
      if (update.stoppedBefore().isPresent()) {
        // the slice's deadline passed: what ran is committed and in DATABASECHANGELOG, the rest is
        // pending for the next slice
        return ChangesetPace.paused(
            update, summary, details, Duration.ofNanos(System.nanoTime() - t0));
      }
      return StepOutcome.of(summary, details);
    }

    /** A statement that gave up on a lock or ran too long: which limit, and where to raise it. */
    private CruddurException timedOut(CruddurException e) {
      return CruddurException.of(
              e.code(),
              e.problem() + " (" + limits.describe() + ")",
              "Let the session that holds the lock finish (or end it), or raise lock_timeout /"
                  + " statement_timeout in "
                  + stepFile,
              e.getCause() == null ? e : e.getCause())
          .withChangeset(e.changeset());
    }

    @Override
    public Optional<Record> repairDetails(StepScope scope) {
      LiquibaseCommands commands = commands(scope);
      commands.clearChecksums();
      return Optional.of(details(changelog(scope), commands.ran()));
    }

    /** The changelog, relative to the project. */
    public String changelog() {
      return changelog;
    }

    /** The Liquibase commands on this step's changelog ({@code cruddur db}). */
    public LiquibaseCommands commands(StepScope scope) {
      return new LiquibaseCommands(
          projectDir, changelog, scope.session().postgres(), scope.context());
    }

    /**
     * The commands with their SQL on {@code lockSession}, the connection that holds the release
     * lock, under the step's limits ({@code cruddur db} under the lock).
     */
    public LiquibaseCommands commands(StepScope scope, Connection lockSession) {
      return commands(scope).on(lockSession, limits);
    }

    private LiquibaseDetails details(Changelog log, List<LiquibaseCommands.RanChangeSet> ran) {
      Set<String> ranKeys = new LinkedHashSet<>();
      ran.forEach(r -> ranKeys.add(r.key()));
      Map<String, String> changesets = new LinkedHashMap<>();
      for (ChangeSetInfo cs : log.changeSets()) {
        if (ranKeys.contains(cs.key())) {
          changesets.put(cs.key(), cs.checksum());
        }
      }
      return new LiquibaseDetails(changelog, treeChecksum, changesets, null);
    }

    private List<ChangeSetInfo> pendingChangeSets(StepScope scope) {
      Set<String> ran = new LinkedHashSet<>();
      commands(scope).ran().forEach(r -> ran.add(r.key()));
      return changelog(scope).changeSets().stream()
          .filter(ChangeSetInfo::inContext)
          .filter(cs -> !ran.contains(cs.key()))
          .toList();
    }

    private synchronized Changelog changelog(StepScope scope) {
      if (parsed == null || !scope.context().equals(parsedFor)) {
        parsed = Changelog.parse(projectDir, changelog, scope.context());
        parsedFor = scope.context();
      }
      return parsed;
    }

    private String changelogDirectory() {
      int slash = changelog.lastIndexOf('/');
      return slash < 0 ? "" : changelog.substring(0, slash + 1);
    }

    private static String shortForm(String checksum) {
      return app.cruddur.ops.runner.api.StepStatus.shortChecksum(checksum);
    }
  }
}
