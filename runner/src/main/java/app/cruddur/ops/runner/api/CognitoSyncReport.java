package app.cruddur.ops.runner.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a Cognito sync found, and whether it wrote: for every user of the pool, the PostgreSQL
 * {@code users} row whose {@code handle} is the user's {@code preferred_username} gets the user's
 * {@code sub} as {@code cognito_user_id}. Json output for pipelines is this record as it is.
 *
 * @param userPoolId the pool read
 * @param database the PostgreSQL written, described without a password
 * @param dryRun true when nothing was to be written
 * @param written true when the changes were committed (false for a dry run, a conflict, or nothing
 *     to write)
 * @param counts the size of every list below, and of both sides
 * @param toSet rows with no {@code cognito_user_id} yet
 * @param toChange rows whose {@code cognito_user_id} is another sub (the Cognito user was
 *     recreated)
 * @param alreadyRight handles whose row already holds the user's sub
 * @param noMatchingHandle Cognito users whose {@code preferred_username} is no handle in PostgreSQL
 * @param withoutHandle Cognito users without a {@code preferred_username}
 * @param noCognitoUser handles in PostgreSQL that no Cognito user has
 * @param conflicts changes that cannot be made; any conflict means nothing is written
 * @param warnings what it met and went on past
 */
public record CognitoSyncReport(
    String userPoolId,
    String database,
    boolean dryRun,
    boolean written,
    Counts counts,
    List<SubAssignment> toSet,
    List<SubAssignment> toChange,
    List<String> alreadyRight,
    List<CognitoUser> noMatchingHandle,
    List<CognitoUser> withoutHandle,
    List<String> noCognitoUser,
    List<Conflict> conflicts,
    List<Warning> warnings)
    implements OperationResult {

  public CognitoSyncReport {
    toSet = List.copyOf(toSet);
    toChange = List.copyOf(toChange);
    alreadyRight = List.copyOf(alreadyRight);
    noMatchingHandle = List.copyOf(noMatchingHandle);
    withoutHandle = List.copyOf(withoutHandle);
    noCognitoUser = List.copyOf(noCognitoUser);
    conflicts = List.copyOf(conflicts);
    warnings = List.copyOf(warnings);
  }

  /**
   * A {@code cognito_user_id} to write.
   *
   * @param handle the row's handle
   * @param from its current {@code cognito_user_id} (empty when unset)
   * @param to the Cognito user's sub
   */
  public record SubAssignment(String handle, Optional<String> from, String to) {}

  /**
   * A change that cannot be made as it is.
   *
   * @param handle the handle the change is for
   * @param sub the sub it would write
   * @param problem why not, naming the other handle or users involved
   */
  public record Conflict(String handle, String sub, String problem) {}

  /**
   * How many of each.
   *
   * @param cognitoUsers users read from the pool
   * @param postgresUsers rows of {@code users}
   * @param toSet rows to set
   * @param toChange rows to change
   * @param alreadyRight rows already right
   * @param noMatchingHandle Cognito users whose handle is not in PostgreSQL
   * @param withoutHandle Cognito users without {@code preferred_username}
   * @param noCognitoUser PostgreSQL users with no Cognito user
   * @param conflicts conflicts
   */
  public record Counts(
      int cognitoUsers,
      int postgresUsers,
      int toSet,
      int toChange,
      int alreadyRight,
      int noMatchingHandle,
      int withoutHandle,
      int noCognitoUser,
      int conflicts) {}

  /** True when any change conflicts: nothing is written then. */
  public boolean hasConflicts() {
    return !conflicts.isEmpty();
  }

  /** The failure the conflicts are: exit 1 naming the handles (nothing was written). */
  public CruddurException conflictError() {
    List<String> parts = new ArrayList<>();
    for (Conflict conflict : conflicts.subList(0, Math.min(5, conflicts.size()))) {
      parts.add(conflict.handle() + ": " + conflict.problem());
    }
    if (conflicts.size() > 5) {
      parts.add("and " + (conflicts.size() - 5) + " more");
    }
    return CruddurException.of(
        ErrorCode.SYNC_CONFLICT,
        "the Cognito sync of pool "
            + userPoolId
            + " found "
            + plural(conflicts.size(), "conflict")
            + ", so nothing was written: "
            + String.join("; ", parts),
        "Clear the stale cognito_user_id (UPDATE users SET cognito_user_id = 'MOCK' WHERE handle ="
            + " '...') or fix preferred_username in Cognito, then rerun; `cruddur cognito sync"
            + " --dry-run` shows the whole diff");
  }

  /** With conflicts, the failure the report is (exit 1): see {@link #conflictError()}. */
  @Override
  public java.util.Optional<CruddurException> failure() {
    return hasConflicts() ? java.util.Optional.of(conflictError()) : java.util.Optional.empty();
  }

  /** The changes, set and change together. */
  public List<SubAssignment> changes() {
    List<SubAssignment> all = new ArrayList<>(toSet);
    all.addAll(toChange);
    return all;
  }

  /** The same report, committed or not. */
  public CognitoSyncReport withWritten(boolean done) {
    return new CognitoSyncReport(
        userPoolId,
        database,
        dryRun,
        done,
        counts,
        toSet,
        toChange,
        alreadyRight,
        noMatchingHandle,
        withoutHandle,
        noCognitoUser,
        conflicts,
        warnings);
  }

  /** One line saying what was (or would be) done, with every count that is not zero. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    if (hasConflicts()) {
      s.append(counts.conflicts())
          .append(counts.conflicts() == 1 ? " conflict" : " conflicts")
          .append(", nothing written (")
          .append(counts.toSet())
          .append(" to set, ")
          .append(counts.toChange())
          .append(" to change)");
    } else if (counts.toSet() + counts.toChange() == 0) {
      s.append("nothing to write");
    } else if (written) {
      s.append("set ")
          .append(counts.toSet())
          .append(", changed ")
          .append(counts.toChange())
          .append(" in one transaction");
    } else {
      s.append(dryRun ? "would set " : "not written: ")
          .append(counts.toSet())
          .append(dryRun ? ", would change " : " to set, ")
          .append(counts.toChange())
          .append(dryRun ? "" : " to change");
    }
    s.append("; ").append(counts.alreadyRight()).append(" already right");
    if (counts.noMatchingHandle() > 0) {
      s.append("; ")
          .append(plural(counts.noMatchingHandle(), "Cognito user"))
          .append(" with no matching handle");
    }
    if (counts.withoutHandle() > 0) {
      s.append("; ")
          .append(plural(counts.withoutHandle(), "Cognito user"))
          .append(" without preferred_username");
    }
    if (counts.noCognitoUser() > 0) {
      s.append("; ")
          .append(plural(counts.noCognitoUser(), "PostgreSQL user"))
          .append(" with no Cognito user");
    }
    return s.toString();
  }

  private static String plural(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
