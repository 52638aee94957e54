package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * The changesets of a liquibase step's changelog, applied and pending.
 *
 * @param changelog the changelog, relative to the project
 * @param pending how many are pending in this context
 * @param changesets every changeset in changelog order
 * @param warnings what it met and went on past
 */
public record ChangesetStatus(
    String changelog, long pending, List<Changeset> changesets, List<Warning> warnings)
    implements OperationResult {
  /**
   * One changeset.
   *
   * @param file its file
   * @param id its id
   * @param author its author
   * @param state {@code applied}, {@code pending} or {@code not in context}
   * @param tag the Liquibase tag on it, or empty
   * @param contexts its contexts
   */
  public record Changeset(
      String file, String id, String author, String state, String tag, String contexts) {}
}
