package app.cruddur.ops.runner.internal.operations.local;

import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.LocalVariables;
import app.cruddur.ops.runner.internal.cognito.UserPools;
import app.cruddur.ops.runner.internal.local.EndpointRules;
import app.cruddur.ops.runner.internal.local.LocalLayout;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.operations.Warnings;
import app.cruddur.ops.runner.internal.targets.Connections;
import app.cruddur.ops.runner.internal.targets.TargetNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cruddur local env}: every variable the Cruddur app (backend-flask's {@code Ddb.client()},
 * {@code Db}), the course's scripts ({@code bin/cognito/list-users}, {@code
 * bin/db/update_cognito_user_ids}), the AWS CLI and psql read, pointing at the local environment
 * (started if needed) and at the table and user pool of the session's names. Writes the endpoint
 * rules {@code AWS_DATA_PATH} names ({@link EndpointRules}). Before the first release there is no
 * pool: its two variables are left out with a warning.
 */
public record Variables(Connections session, LocalVariables.Format format)
    implements Operation<LocalVariables> {
  private static final String NEW_BOTO3 = "boto3 1.28+, the AWS CLI and SDKs";
  private static final String LIBPQ = "psql, libpq";

  @Override
  public LocalVariables run() {
    LocalEndpoints e = session.local();
    TargetNames names = session.names();
    String aws = e.awsEndpoint().toString();
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> readBy = new LinkedHashMap<>();
    Warnings warnings = new Warnings();
    Variable add =
        (name, value, reader) -> {
          values.put(name, value);
          readBy.put(name, reader);
        };
    add.put("AWS_ENDPOINT_URL", aws, "the app's Ddb.client(); " + NEW_BOTO3 + ", every service");
    add.put("AWS_ENDPOINT_URL_DYNAMODB", aws, NEW_BOTO3);
    add.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", aws, NEW_BOTO3);
    add.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", aws, NEW_BOTO3);
    add.put(
        "AWS_DATA_PATH",
        EndpointRules.write(
                new LocalLayout(session.target().written().localDir().orElseThrow()), aws)
            .toString(),
        "boto3 before 1.28, or with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (the course's"
            + " bin/cognito/list-users, bin/db/update_cognito_user_ids): endpoint rules for"
            + " DynamoDB, its streams, Cognito");
    add.put(
        "AWS_ACCESS_KEY_ID", e.accessKeyId(), "every AWS client (the local engines' fixed key)");
    add.put(
        "AWS_SECRET_ACCESS_KEY",
        e.secretAccessKey(),
        "every AWS client (the local engines' fixed key)");
    add.put("AWS_REGION", e.region(), "AWS SDKs");
    add.put(
        "AWS_DEFAULT_REGION", e.region(), "the app (boto3, its Cognito JWT check), the AWS CLI");
    String release =
        "Run `cruddur release` (its dev context creates the pool and its client), then print the"
            + " environment again";
    Optional<String> poolId = UserPools.idOf(session);
    if (poolId.isEmpty()) {
      warnings.add(
          Warnings.NO_USER_POOL_YET,
          "there is no user pool "
              + names.userPoolName()
              + " yet, so AWS_COGNITO_USER_POOL_ID"
              + " and AWS_COGNITO_USER_POOL_CLIENT_ID are not set. "
              + release);
    } else {
      add.put(
          "AWS_COGNITO_USER_POOL_ID",
          poolId.get(),
          "the app's JWT check, the course's Cognito scripts");
      UserPools.clientIdOf(session, poolId.get())
          .ifPresentOrElse(
              id ->
                  add.put(
                      "AWS_COGNITO_USER_POOL_CLIENT_ID",
                      id,
                      "the app's JWT check (the token's audience)"),
              () ->
                  warnings.add(
                      Warnings.NO_USER_POOL_YET,
                      "user pool "
                          + names.userPoolName()
                          + " has no app client "
                          + names.userPoolClientName()
                          + ", so AWS_COGNITO_USER_POOL_CLIENT_ID is not set. "
                          + release));
    }
    add.put("DDB_MESSAGE_TABLE", names.tableName(), "the app's lib/ddb.py (later weeks)");
    add.put("PGHOST", e.postgresHost(), LIBPQ);
    add.put("PGPORT", Integer.toString(e.postgresPort()), LIBPQ);
    add.put("PGUSER", e.user(), LIBPQ);
    add.put("PGPASSWORD", e.password(), LIBPQ + " (the embedded server's fixed local password)");
    add.put("PGDATABASE", names.localDatabase(), LIBPQ);
    String url =
        "postgresql://"
            + e.user()
            + ":"
            + e.password()
            + "@"
            + e.postgresHost()
            + ":"
            + e.postgresPort()
            + "/"
            + names.localDatabase();
    add.put("CONNECTION_URL", url, "the app's lib/db.py, its post-confirmation Lambda");
    add.put("LOCAL_CONNECTION_URL", url, "the course's bin/db scripts");
    return new LocalVariables(values, readBy, format, warnings.list());
  }

  /** One variable: its name, value and who reads it. */
  @FunctionalInterface
  private interface Variable {
    void put(String name, String value, String readBy);
  }
}
