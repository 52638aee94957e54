package app.cruddur.ops.runner.api;

/**
 * What applying one step did.
 *
 * @param version the step's key
 * @param kind its kind
 * @param store the store it wrote
 * @param description what it does
 * @param succeeded whether it succeeded
 * @param durationMs how long it took
 * @param summary what it did ("applied 3 changesets", "created table cruddur-messages")
 * @param details facts recorded in the ledger (batch writes: requests, re-sends, time backing off)
 * @param changed false when the step found everything in place (a sync with nothing to write)
 * @param paused true when it stopped at a boundary before its end (a time-boxed release's deadline,
 *     or a stop request): the summary says where; the next release continues it
 */
public record StepResult(
    String version,
    String kind,
    Store store,
    String description,
    boolean succeeded,
    long durationMs,
    String summary,
    com.fasterxml.jackson.databind.JsonNode details,
    boolean changed,
    boolean paused) {
  /** A step that ran to its end (or failed). */
  public StepResult(
      String version,
      String kind,
      Store store,
      String description,
      boolean succeeded,
      long durationMs,
      String summary,
      com.fasterxml.jackson.databind.JsonNode details,
      boolean changed) {
    this(
        version, kind, store, description, succeeded, durationMs, summary, details, changed, false);
  }
}
