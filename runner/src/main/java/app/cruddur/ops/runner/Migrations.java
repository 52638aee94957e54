package app.cruddur.ops.runner;

import app.cruddur.ops.runner.api.ChangesetStatus;
import app.cruddur.ops.runner.api.Confirmation;
import app.cruddur.ops.runner.api.RollbackResult;
import app.cruddur.ops.runner.api.TagResult;
import app.cruddur.ops.runner.api.UpdateSql;
import app.cruddur.ops.runner.internal.operations.db.Changesets;
import app.cruddur.ops.runner.internal.operations.db.Rollback;
import app.cruddur.ops.runner.internal.operations.db.Tag;
import app.cruddur.ops.runner.internal.operations.db.UpdateSqlPreview;
import app.cruddur.ops.runner.internal.release.ReleaseSession;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Liquibase part of a {@link Release} on its own ({@code cruddur db}), under the same lock and
 * ledger: the changesets and their state, the SQL an update would run, rollbacks and tags. Applying
 * is {@link Release#apply(java.util.Set)} with the {@code liquibase} kind.
 */
public final class Migrations {
  private final ReleaseSession release;
  private final Optional<String> step;

  Migrations(ReleaseSession release, Optional<String> step) {
    this.release = release;
    this.step = step;
  }

  /** The changesets of the changelog, applied (with tags) and pending in the context. */
  public ChangesetStatus changesets() {
    return new Changesets(release, step).run();
  }

  /** The SQL an update would run, without running it. */
  public UpdateSql updateSql() {
    return new UpdateSqlPreview(release, step).run();
  }

  /**
   * Rolls back the last {@code count} changesets under the release lock, recorded in the ledger.
   *
   * @param confirm the database's name repeated: off the local target always; on it when the
   *     rollback undoes more than one changeset (or {@code count} exceeds those applied) and {@code
   *     person} is empty
   * @param person who says yes to a rollback of several changesets on the local target; empty where
   *     nobody can be asked
   */
  public RollbackResult rollbackCount(
      int count, Optional<String> confirm, Optional<Confirmation> person) {
    return new Rollback(release, step, OptionalInt.of(count), Optional.empty(), confirm, person)
        .run();
  }

  /** {@link #rollbackCount(int, Optional, Optional)} with nobody to ask. */
  public RollbackResult rollbackCount(int count, Optional<String> confirm) {
    return rollbackCount(count, confirm, Optional.empty());
  }

  /**
   * Rolls back every changeset applied after {@code tag}, under the release lock, recorded in the
   * ledger.
   *
   * @param confirm as for {@link #rollbackCount(int, Optional, Optional)}
   * @param person as for {@link #rollbackCount(int, Optional, Optional)}
   */
  public RollbackResult rollbackToTag(
      String tag, Optional<String> confirm, Optional<Confirmation> person) {
    return new Rollback(release, step, OptionalInt.empty(), Optional.of(tag), confirm, person)
        .run();
  }

  /** {@link #rollbackToTag(String, Optional, Optional)} with nobody to ask. */
  public RollbackResult rollbackToTag(String tag, Optional<String> confirm) {
    return rollbackToTag(tag, confirm, Optional.empty());
  }

  /** Tags the current database state, for a later {@link #rollbackToTag}. */
  public TagResult tag(String name) {
    return new Tag(release, step, name).run();
  }
}
