package app.cruddur.ops.runner.internal.operations.local;

import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.api.LocalVariables;
import app.cruddur.ops.runner.internal.local.LocalEngines;
import app.cruddur.ops.runner.internal.operations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cruddur local env}: the variables that point the app ({@code CONNECTION_URL}, the AWS
 * endpoints), the AWS CLI and psql at the local environment, starting it if needed.
 */
public record Variables(LocalEngines engines) implements Operation<LocalVariables> {
  @Override
  public LocalVariables run() {
    LocalEndpoints e = engines.endpoints();
    Map<String, String> vars = new LinkedHashMap<>();
    String aws = e.awsEndpoint().toString();
    vars.put("AWS_ENDPOINT_URL_DYNAMODB", aws);
    vars.put("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", aws);
    vars.put("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", aws);
    vars.put("AWS_ACCESS_KEY_ID", e.accessKeyId());
    vars.put("AWS_SECRET_ACCESS_KEY", e.secretAccessKey());
    vars.put("AWS_REGION", e.region());
    vars.put("AWS_DEFAULT_REGION", e.region());
    vars.put("PGHOST", e.postgresHost());
    vars.put("PGPORT", Integer.toString(e.postgresPort()));
    vars.put("PGUSER", e.user());
    vars.put("PGPASSWORD", e.password());
    vars.put("PGDATABASE", e.database());
    vars.put("CONNECTION_URL", "postgresql://" + e.user() + ":" + e.password() + "@" + e.postgresHost() + ":"
        + e.postgresPort() + "/" + e.database());
    return new LocalVariables(vars, List.of());
  }
}
