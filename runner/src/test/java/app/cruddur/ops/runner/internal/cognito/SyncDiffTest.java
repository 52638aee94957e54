package app.cruddur.ops.runner.internal.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.CognitoSyncReport;
import app.cruddur.ops.runner.api.CognitoSyncReport.SubAssignment;
import app.cruddur.ops.runner.api.CognitoUser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of the sync's diff, without engines. */
class SyncDiffTest {
  static CognitoUser user(String handle, String sub) {
    return new CognitoUser(
        sub,
        sub,
        Optional.ofNullable(handle),
        Optional.of(sub + "@example.com"),
        Optional.empty(),
        "CONFIRMED",
        true);
  }

  static SyncDiff.Row row(String handle, String cognitoUserId) {
    return new SyncDiff.Row(handle, Optional.ofNullable(cognitoUserId));
  }

  static CognitoSyncReport diff(List<CognitoUser> users, List<SyncDiff.Row> rows) {
    return SyncDiff.diff("pool", "db", false, users, rows);
  }

  @Test
  void rowsWithoutAnIdAreSetRowsWithAnotherIdAreChangedAndTheRestIsAlreadyRight() {
    CognitoSyncReport r =
        diff(
            List.of(user("ann", "s1"), user("bob", "s2"), user("cid", "s3")),
            List.of(row("ann", null), row("bob", "old"), row("cid", "s3")));

    assertThat(r.toSet()).containsExactly(new SubAssignment("ann", Optional.empty(), "s1"));
    assertThat(r.toChange()).containsExactly(new SubAssignment("bob", Optional.of("old"), "s2"));
    assertThat(r.alreadyRight()).containsExactly("cid");
    assertThat(r.conflicts()).isEmpty();
    assertThat(r.summary()).isEqualTo("not written: 1 to set, 1 to change; 1 already right");
  }

  @Test
  void unmatchedHandlesOnEitherSideAndUsersWithoutAHandleAreReportedNotWritten() {
    CognitoSyncReport r =
        diff(
            List.of(user("ghost", "s1"), user(null, "s2"), user("ann", "s3")),
            List.of(row("ann", "s3"), row("lurker", null)));

    assertThat(r.noMatchingHandle()).extracting(CognitoUser::sub).containsExactly("s1");
    assertThat(r.withoutHandle()).extracting(CognitoUser::sub).containsExactly("s2");
    assertThat(r.noCognitoUser()).containsExactly("lurker");
    assertThat(r.changes()).isEmpty();
    assertThat(r.summary())
        .isEqualTo(
            "nothing to write; 1 already right; 1 Cognito user with no matching handle; 1 Cognito"
                + " user without preferred_username; 1 PostgreSQL user with no Cognito user");
  }

  @Test
  void aSubHeldByARowThatKeepsItIsAConflictNamingBothHandles() {
    CognitoSyncReport r =
        diff(List.of(user("bayko", "s1")), List.of(row("bayko", null), row("old_bayko", "s1")));

    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.handle()).isEqualTo("bayko");
              assertThat(c.problem())
                  .isEqualTo("its sub s1 is already the cognito_user_id of handle old_bayko");
            });
    assertThat(r.summary()).startsWith("1 conflict, nothing written (1 to set, 0 to change)");
  }

  @Test
  void subsMovingBetweenRowsThatAreAllRewrittenAreNoConflict() {
    CognitoSyncReport r =
        diff(
            List.of(user("ann", "s1"), user("bob", "s2")),
            List.of(row("ann", "s2"), row("bob", "s1")));

    assertThat(r.conflicts()).isEmpty();
    assertThat(r.toChange()).extracting(SubAssignment::handle).containsExactly("ann", "bob");
  }

  @Test
  void twoCognitoUsersClaimingOneHandleAreAConflict() {
    CognitoSyncReport r =
        diff(List.of(user("ann", "s1"), user("ann", "s2")), List.of(row("ann", null)));

    assertThat(r.conflicts())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.problem())
                    .isEqualTo(
                        "2 Cognito users have this preferred_username (subs s1, s2); a handle names"
                            + " one user"));
    assertThat(r.toSet()).isEmpty();
  }
}
