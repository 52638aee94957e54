package app.cruddur.ops.runner.internal.stores;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.cognito.UserPools;
import app.cruddur.ops.runner.internal.dynamo.DynamoTableStepKind;
import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Every check of the target a release makes before it takes the lock, so that a wrong target writes
 * nothing (no ledger row, no lock): the deployment read (the outputs file parsed, the stack found),
 * every resource the release's stores need named (exit 2 naming the flag, never a default on AWS),
 * the database's credentials read from its secret, and where the CDK app owns them (AWS) the table
 * and the user pool found. Where the runner owns the table and the pool ({@link
 * app.cruddur.ops.runner.api.ResolvedTarget#owns}) a step may create them, so only their names are
 * checked.
 */
public final class TargetCheck {
  private TargetCheck() {}

  /**
   * Checks what work on {@code stores} needs of the session's target.
   *
   * @throws CruddurException exit 2 for a target that is not named well, exit 4 for one that is not
   *     there
   */
  public static void check(Connections session, Set<Store> stores) {
    session.deployment();
    if (stores.contains(Store.DYNAMODB)) {
      String table = session.names().tableName();
      if (!session.target().owns(Store.DYNAMODB) && !tableExists(session, table)) {
        throw DynamoTableStepKind.tableNotDeployed(session, table);
      }
    }
    if (stores.contains(Store.COGNITO)) {
      if (!session.target().owns(Store.COGNITO)) {
        UserPools.require(session);
      } else if (!session.names().poolNamed()) {
        session.names().userPoolName(); // exit 2 naming the flag
      }
    }
    if (stores.contains(Store.POSTGRES)) {
      session.postgres();
    }
  }

  private static boolean tableExists(Connections session, String table) {
    try {
      return TableSchema.describe(session.dynamo(), table).isPresent();
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "checking table " + table, session.aws().describeDynamoDb());
    }
  }
}
