package app.cruddur.ops.runner.internal.cognito;

import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.CognitoSyncReport.Conflict;
import app.cruddur.ops.runner.api.CognitoSyncReport.Counts;
import app.cruddur.ops.runner.api.CognitoSyncReport.SubAssignment;
import app.cruddur.ops.runner.api.CognitoUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The diff of a Cognito sync, computed in memory from both sides: which rows get which sub, which
 * are right already, what matches nothing, and what conflicts. No I/O, so every rule is a plain
 * unit test.
 */
final class SyncDiff {
  /**
   * A row of {@code users} as the sync sees it.
   *
   * @param handle its handle
   * @param cognitoUserId its current {@code cognito_user_id}
   */
  record Row(String handle, Optional<String> cognitoUserId) {}

  private SyncDiff() {}

  static CognitoSyncReport diff(
      String poolId, String database, boolean dryRun, List<CognitoUser> users, List<Row> rows) {
    List<CognitoUser> withoutHandle = new ArrayList<>();
    Map<String, List<CognitoUser>> byHandle = new TreeMap<>();
    for (CognitoUser user : users) {
      if (user.handle().isEmpty()) {
        withoutHandle.add(user);
      } else {
        byHandle.computeIfAbsent(user.handle().get(), h -> new ArrayList<>()).add(user);
      }
    }
    Map<String, Row> rowByHandle = new HashMap<>();
    Map<String, String> handleHoldingSub = new HashMap<>();
    for (Row row : rows) {
      rowByHandle.put(row.handle(), row);
      row.cognitoUserId().ifPresent(sub -> handleHoldingSub.put(sub, row.handle()));
    }

    List<SubAssignment> toSet = new ArrayList<>();
    List<SubAssignment> toChange = new ArrayList<>();
    List<String> alreadyRight = new ArrayList<>();
    List<CognitoUser> noMatchingHandle = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    for (Map.Entry<String, List<CognitoUser>> entry : byHandle.entrySet()) {
      String handle = entry.getKey();
      List<CognitoUser> claimants = entry.getValue();
      Row row = rowByHandle.get(handle);
      if (row == null) {
        noMatchingHandle.addAll(claimants);
        continue;
      }
      if (claimants.size() > 1) {
        List<String> subs = claimants.stream().map(CognitoUser::sub).toList();
        conflicts.add(
            new Conflict(
                handle,
                String.join(",", subs),
                claimants.size()
                    + " Cognito users have this preferred_username (subs "
                    + String.join(", ", subs)
                    + "); a handle names one user"));
        continue;
      }
      String sub = claimants.get(0).sub();
      if (row.cognitoUserId().isEmpty()) {
        toSet.add(new SubAssignment(handle, Optional.empty(), sub));
      } else if (row.cognitoUserId().get().equals(sub)) {
        alreadyRight.add(handle);
      } else {
        toChange.add(new SubAssignment(handle, row.cognitoUserId(), sub));
      }
    }

    // A sub may move to another row only if the row holding it now is given another sub in the same
    // sync.
    Set<String> rewritten = new HashSet<>();
    toSet.forEach(a -> rewritten.add(a.handle()));
    toChange.forEach(a -> rewritten.add(a.handle()));
    for (List<SubAssignment> writes : List.of(toSet, toChange)) {
      for (SubAssignment write : writes) {
        String holder = handleHoldingSub.get(write.to());
        if (holder != null && !holder.equals(write.handle()) && !rewritten.contains(holder)) {
          conflicts.add(
              new Conflict(
                  write.handle(),
                  write.to(),
                  "its sub " + write.to() + " is already the cognito_user_id of handle " + holder));
        }
      }
    }

    List<String> noCognitoUser =
        rows.stream().map(Row::handle).filter(h -> !byHandle.containsKey(h)).sorted().toList();
    Counts counts =
        new Counts(
            users.size(),
            rows.size(),
            toSet.size(),
            toChange.size(),
            alreadyRight.size(),
            noMatchingHandle.size(),
            withoutHandle.size(),
            noCognitoUser.size(),
            conflicts.size());
    return new CognitoSyncReport(
        poolId,
        database,
        dryRun,
        false,
        counts,
        toSet,
        toChange,
        alreadyRight,
        noMatchingHandle,
        withoutHandle,
        noCognitoUser,
        conflicts,
        List.of());
  }
}
