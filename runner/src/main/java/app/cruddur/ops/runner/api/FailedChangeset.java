package app.cruddur.ops.runner.api;

/**
 * The changeset a migration failed on, as the error line names it and the JSON error carries it
 * ({@code error.changeset}).
 *
 * @param file the changelog file, as Liquibase records it ({@code migrations/004_bio.sql})
 * @param line the line of the failing statement in it (of the changeset when the statement is not
 *     found; 0 when neither is)
 * @param id the changeset's id
 * @param author the changeset's author
 * @param statement the statement that failed, on one line and shortened ("" when unknown)
 */
public record FailedChangeset(String file, int line, String id, String author, String statement) {
  /** In words: {@code migrations/004_bio.sql line 5, changeset 004-bio (cruddur)}. */
  public String describe() {
    return file + (line > 0 ? " line " + line : "") + ", changeset " + id + " (" + author + ")";
  }
}
