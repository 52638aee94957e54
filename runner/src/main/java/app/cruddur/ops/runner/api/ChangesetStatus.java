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
   * @param state {@code APPLIED}, {@code PENDING} or {@code NOT_IN_CONTEXT}
   * @param tag the Liquibase tag on it, or empty
   * @param contexts the contexts it runs in (empty: all), as {@code status}'s steps say theirs
   */
  public record Changeset(
      String file, String id, String author, State state, String tag, List<String> contexts) {
    public Changeset {
      contexts = List.copyOf(contexts);
    }
  }

  /** Where a changeset stands; JSON spells it as every enum, by name ({@code NOT_IN_CONTEXT}). */
  public enum State {
    /** In DATABASECHANGELOG. */
    APPLIED,
    /** Not yet, and it runs in this context. */
    PENDING,
    /** Not applied, and not for this context. */
    NOT_IN_CONTEXT;

    /** As a table shows it: {@code not in context}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
  }
}
