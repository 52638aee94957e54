package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * What a rollback undid (recorded in the ledger, so the next release looks at the changesets
 * again).
 *
 * @param step the liquibase step
 * @param rolledBack the ids of the changesets undone
 * @param warnings what it met and went on past
 */
public record RollbackResult(String step, List<String> rolledBack, List<Warning> warnings)
    implements OperationResult {
  /** In words: {@code rolled back 1 changeset: 004-bio}. */
  public String summary() {
    return "rolled back "
        + rolledBack.size()
        + (rolledBack.size() == 1 ? " changeset" : " changesets")
        + (rolledBack.isEmpty() ? "" : ": " + String.join(", ", rolledBack));
  }
}
