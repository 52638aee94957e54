package app.cruddur.ops.runner.internal.liquibase;

/**
 * One changeset as the runner sees it.
 *
 * @param file the changelog file it is in, as Liquibase records it ({@code
 *     migrations/001_users.sql})
 * @param id its id
 * @param author its author
 * @param contexts its context expression ("" for all)
 * @param runInTransaction false for changesets such as {@code CREATE INDEX CONCURRENTLY}
 * @param checksum our canonical checksum of its changes
 * @param inContext whether it runs in the release's context
 * @param liquibaseChecksum Liquibase's own checksum of it ({@code 9:...}), as DATABASECHANGELOG's
 *     md5sum records it
 * @param concurrentIndexes the indexes it builds with {@code CREATE INDEX CONCURRENTLY} (names as
 *     written, lower case)
 */
public record ChangeSetInfo(
    String file,
    String id,
    String author,
    String contexts,
    boolean runInTransaction,
    String checksum,
    boolean inContext,
    String liquibaseChecksum,
    java.util.Set<String> concurrentIndexes) {

  public ChangeSetInfo {
    concurrentIndexes = java.util.Set.copyOf(concurrentIndexes);
  }

  /** The key DATABASECHANGELOG identifies it by. */
  public String key() {
    return key(file, id, author);
  }

  /** {@code file::id::author}. */
  public static String key(String file, String id, String author) {
    return file + "::" + id + "::" + author;
  }

  /** For messages: {@code migrations/001_users.sql changeset 001-users (cruddur)}. */
  public String describe() {
    return file + " changeset " + id + " (" + author + ")";
  }

  /**
   * A changeset's context expression as written ({@code dev}, {@code dev, test}), "" for all; not
   * Liquibase's {@code toString}, which says {@code ()} for none.
   */
  static String contexts(liquibase.ContextExpression filter) {
    if (filter == null || filter.isEmpty()) {
      return "";
    }
    String written = filter.getOriginalString();
    return written != null && !written.isBlank()
        ? written.strip()
        : String.join(", ", new java.util.TreeSet<>(filter.getContexts()));
  }
}
