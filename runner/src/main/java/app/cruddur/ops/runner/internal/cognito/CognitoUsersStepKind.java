package app.cruddur.ops.runner.internal.cognito;

import app.cruddur.ops.runner.api.CognitoUser;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ResolvedTarget;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.step.StepAction;
import app.cruddur.ops.runner.internal.step.StepKind;
import app.cruddur.ops.runner.internal.step.StepOutcome;
import app.cruddur.ops.runner.internal.step.StepScope;
import app.cruddur.ops.runner.internal.stepfile.StepSource;
import app.cruddur.ops.runner.internal.stepfile.YamlMap;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code kind: cognito-users}: the user pool and app client in a Cognito emulator, created when
 * missing, and the listed dev users (plus {@code synthetic: N} generated ones, {@code user0001}...,
 * for tests and benchmarks) with {@code preferred_username}, {@code name} and {@code email}. Users
 * that exist already are left as they are. Not applicable on AWS (plan, status and release skip it
 * there): the CDK app owns the pool, and dev users do not belong in it.
 */
public final class CognitoUsersStepKind implements StepKind<CognitoUsersStepKind.UsersStep> {
  /** Generated users are created one request each and held in memory: at most this many. */
  static final int MAX_SYNTHETIC = 100_000;

  @Override
  public String name() {
    return "cognito-users";
  }

  @Override
  public Store store() {
    return Store.COGNITO;
  }

  @Override
  public Class<UsersStep> actionType() {
    return UsersStep.class;
  }

  @Override
  public UsersStep parse(YamlMap body, StepSource source) {
    List<NewUser> users = new ArrayList<>();
    Set<String> handles = new HashSet<>();
    Set<String> emails = new HashSet<>();
    for (YamlMap item : body.mapList("users")) {
      NewUser user = new NewUser(item.string("handle"), item.string("name"), item.string("email"));
      item.rejectUnknownKeys("a user");
      if (!user.email().contains("@")) {
        throw item.error("email", "'" + user.email() + "' is not an email address");
      }
      if (!handles.add(user.handle())) {
        throw item.error("handle", "the handle " + user.handle() + " is listed twice");
      }
      if (!emails.add(user.email().toLowerCase(Locale.ROOT))) {
        throw item.error(
            "email",
            "the email " + user.email() + " is listed twice (it is the user's sign-in name)");
      }
      users.add(user);
    }
    int synthetic = body.optionalPositiveInt("synthetic").orElse(0);
    if (synthetic > MAX_SYNTHETIC) {
      throw body.error(
          "synthetic", "'synthetic' must be at most " + MAX_SYNTHETIC + " users, not " + synthetic);
    }
    for (NewUser user : synthetic(synthetic)) {
      if (!handles.add(user.handle()) || !emails.add(user.email())) {
        throw body.error(
            "synthetic", "the generated user " + user.handle() + " is also listed under 'users'");
      }
      users.add(user);
    }
    return new UsersStep(List.copyOf(users));
  }

  /** {@code n} generated users: user0001 "Synthetic User 0001" user0001@example.com, ... */
  static List<NewUser> synthetic(int n) {
    int width = Math.max(4, Integer.toString(n).length());
    List<NewUser> users = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      String number = String.format(Locale.ROOT, "%0" + width + "d", i);
      users.add(
          new NewUser(
              "user" + number, "Synthetic User " + number, "user" + number + "@example.com"));
    }
    return users;
  }

  /**
   * What the step recorded in its ledger row.
   *
   * @param userPoolId the pool
   * @param poolCreated whether this run created it
   * @param clientCreated whether this run created its app client
   * @param usersCreated users created
   * @param usersExisting users that were there already
   */
  record UsersDetails(
      String userPoolId,
      boolean poolCreated,
      boolean clientCreated,
      int usersCreated,
      int usersExisting) {}

  record UsersStep(List<NewUser> users) implements StepAction {
    @Override
    public Optional<String> notApplicableOn(ResolvedTarget target) {
      return !target.owns(Store.COGNITO)
          ? Optional.of(
              "local only: dev users belong in a Cognito emulator; on AWS the CDK app owns the"
                  + " pool")
          : Optional.empty();
    }

    @Override
    public void prepare(StepScope scope) {
      refuseAws(scope.session());
    }

    @Override
    public StepOutcome apply(StepScope scope) {
      Connections session = scope.session();
      refuseAws(session);
      UserPools.Provisioned pool = UserPools.ensure(session);
      PoolUsers poolUsers =
          new PoolUsers(session, pool.poolId(), new ThrottlingRetry(scope.listener()::notice));
      Set<String> existing = new HashSet<>();
      for (CognitoUser user : poolUsers.list()) {
        user.email().ifPresent(email -> existing.add(email.toLowerCase(Locale.ROOT)));
      }
      List<NewUser> missing =
          users.stream()
              .filter(u -> !existing.contains(u.email().toLowerCase(Locale.ROOT)))
              .toList();
      int created = 0;
      for (NewUser user : missing) {
        if (poolUsers.create(user)) {
          created++;
        }
        scope.progress(created, missing.size());
      }
      String names = session.names().userPoolName();
      String summary =
          (pool.poolCreated() ? "created user pool " + names : "user pool " + names + " exists")
              + (pool.clientCreated()
                  ? ", created app client " + session.names().userPoolClientName()
                  : "")
              + "; created "
              + created
              + (created == 1 ? " user" : " users")
              + ", "
              + (users.size() - created)
              + " already there";
      return StepOutcome.of(
          summary,
          new UsersDetails(
              pool.poolId(),
              pool.poolCreated(),
              pool.clientCreated(),
              created,
              users.size() - created));
    }

    private static void refuseAws(Connections session) {
      ResolvedTarget target = session.target();
      if (!target.owns(Store.COGNITO)) {
        throw CruddurException.of(
            ErrorCode.WRONG_TARGET,
            "the cognito-users step creates dev users in a Cognito emulator and does not run on "
                + target.describe()
                + ": the CDK app owns the real user pool, and dev users do not belong there",
            "Release to AWS with --context prod (or test), where the step does not run; or target"
                + " the local environment");
      }
    }
  }
}
