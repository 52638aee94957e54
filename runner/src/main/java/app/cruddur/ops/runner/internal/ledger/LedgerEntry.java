package app.cruddur.ops.runner.internal.ledger;

import app.cruddur.ops.runner.api.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of the ledger: one attempt at one step (or a repair of it).
 *
 * @param id row id, increasing
 * @param releaseId the release that wrote it
 * @param key the step key ({@code V001})
 * @param description the step's description then
 * @param kind its kind
 * @param store the store it writes
 * @param file its file then
 * @param checksum its checksum then
 * @param storeIdentity identity of the store after the step (table or pool id)
 * @param context the release context
 * @param details kind-specific facts (Liquibase: changeset checksums)
 * @param outcome what happened
 * @param appliedBy user@host
 * @param startedAt when it started
 * @param finishedAt when it finished
 * @param durationMs how long it took
 * @param error the failure message
 */
public record LedgerEntry(
    long id,
    UUID releaseId,
    String key,
    String description,
    String kind,
    String store,
    String file,
    String checksum,
    Optional<String> storeIdentity,
    String context,
    JsonNode details,
    Outcome outcome,
    String appliedBy,
    Instant startedAt,
    Optional<Instant> finishedAt,
    Optional<Long> durationMs,
    Optional<String> error) {

  /** What a ledger row records. */
  public enum Outcome {
    /** Written before the step runs; still there if the process died. */
    STARTED,
    /** The step completed. */
    SUCCEEDED,
    /** The step failed; the next release retries it. */
    FAILED,
    /**
     * The step stopped at a boundary when its slice's time ran out (or a stop was asked for): what
     * it did is kept (a migration's checkpoints, the changesets applied) and the next release
     * continues it where it stopped.
     */
    PAUSED,
    /** A changed step was accepted deliberately ({@code repair --accept}). */
    REPAIRED,
    /** Liquibase changesets of the step were rolled back ({@code db rollback}). */
    ROLLED_BACK,
    /** A deleted step file was accepted deliberately ({@code repair --accept}). */
    FORGOTTEN,
    /**
     * The step's effect was found in place by {@code cruddur baseline} (a deployment made before
     * the runner): applied as far as a release is concerned, never run.
     */
    BASELINED
  }

  /**
   * The details as the kind's record {@code type} recorded them, or empty when the row has none of
   * that form (an older row, a row of another outcome).
   */
  public <T extends Record> Optional<T> details(Class<T> type) {
    if (details == null || !details.isObject()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().treeToValue(details, type));
    } catch (JsonProcessingException | IllegalArgumentException notThatForm) {
      return Optional.empty();
    }
  }

  /** True when the step's effect is in place (as far as the ledger knows). */
  public boolean applied() {
    return outcome == Outcome.SUCCEEDED
        || outcome == Outcome.REPAIRED
        || outcome == Outcome.BASELINED;
  }
}
