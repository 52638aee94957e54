package app.cruddur.ops.runner.internal.liquibase;

import app.cruddur.ops.runner.internal.step.Deadline;
import java.util.Optional;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.filter.ChangeSetFilterResult;
import liquibase.changelog.filter.ShouldRunChangeSetFilter;
import liquibase.database.Database;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;
import liquibase.exception.UnexpectedLiquibaseException;

/**
 * Where a sliced release's update stops: before the next changeset that would run once the slice's
 * {@link Deadline} passed, after at least one new changeset ran (so every slice makes progress; a
 * run-always changeset re-run is no progress). Asked by {@link SlicedUpdateCommandStep}'s filter
 * just before each changeset; it remembers the first it kept back.
 */
final class ChangesetBoundary {
  private final Deadline deadline;
  private boolean progressed;
  private String stoppedBefore;

  ChangesetBoundary(Deadline deadline) {
    this.deadline = deadline;
  }

  /** The key of the first changeset the deadline kept from running, if it kept one back. */
  Optional<String> stoppedBefore() {
    return Optional.ofNullable(stoppedBefore);
  }

  /** The filter for one update on {@code database}. */
  ChangeSetFilter filter(Database database) throws DatabaseException {
    // what update's visitor runs: a changeset not ran yet (or run-always, or changed run-on-change)
    ShouldRunChangeSetFilter willRun = new ShouldRunChangeSetFilter(database);
    return new ChangeSetFilter() {
      @Override
      public ChangeSetFilterResult accepts(ChangeSet changeSet) {
        if (!willRun.accepts(changeSet).isAccepted()) {
          return new ChangeSetFilterResult(true, "already ran", getClass());
        }
        // the visitor runs an accepted changeset before the next is asked about: one accepted
        // before this one has ended
        if (stoppedBefore == null && (!progressed || !deadline.passed())) {
          progressed |= isNew(database, changeSet);
          return new ChangeSetFilterResult(true, "within the deadline", getClass());
        }
        if (stoppedBefore == null) {
          stoppedBefore =
              ChangeSetInfo.key(changeSet.getFilePath(), changeSet.getId(), changeSet.getAuthor());
        }
        return new ChangeSetFilterResult(
            false, deadline.why() + " at a changeset boundary", getClass(), "deadline", "deadline");
      }

      @Override
      public String getMdcName() {
        return "deadline";
      }

      @Override
      public String getDisplayName() {
        return "Deadline";
      }
    };
  }

  private static boolean isNew(Database database, ChangeSet changeSet) {
    try {
      return database.getRanChangeSet(changeSet) == null;
    } catch (LiquibaseException e) {
      throw new UnexpectedLiquibaseException(e);
    }
  }
}
