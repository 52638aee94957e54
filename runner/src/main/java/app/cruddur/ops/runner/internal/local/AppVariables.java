package app.cruddur.ops.runner.internal.local;

import app.cruddur.ops.runner.api.AppEnvironment;
import app.cruddur.ops.runner.api.AppEnvironment.Variable;
import app.cruddur.ops.runner.api.LocalEndpoints;
import app.cruddur.ops.runner.internal.cognito.UserPools;
import app.cruddur.ops.runner.internal.json.Json;
import app.cruddur.ops.runner.internal.target.TargetSession;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientDescription;

/**
 * The environment the Cruddur app and the course's scripts read, pointing at the local engines:
 * what {@code cruddur local env} prints.
 *
 * <p>boto3 from 1.28 on reads {@code AWS_ENDPOINT_URL}; the app's {@code Ddb.client()} passes it
 * itself. Older boto3 (the course's), and any boto3 with {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true},
 * ignore it, and the course's Cognito scripts call {@code boto3.client('cognito-idp')} with no
 * endpoint, which would reach AWS. For those, {@code AWS_DATA_PATH} names a directory of botocore
 * endpoint rule sets for DynamoDB, DynamoDB Streams and Cognito that resolve to the local engine
 * (an endpoint a client passes explicitly still wins), so every botocore of the rule-set era sends
 * those three services here.
 */
public final class AppVariables {
  /** The services whose endpoint rules {@code AWS_DATA_PATH} overrides, with their API versions. */
  static final List<String[]> SERVICES = List.of(
      new String[] {"dynamodb", "2012-08-10"},
      new String[] {"dynamodbstreams", "2012-08-10"},
      new String[] {"cognito-idp", "2016-04-18"});

  private AppVariables() {}

  /**
   * The variables for the local target of {@code session} (its endpoints, table and pool names),
   * writing the endpoint rules under {@code layout}.
   */
  public static AppEnvironment of(TargetSession session, LocalLayout layout) {
    LocalEndpoints e = session.local();
    String aws = e.awsEndpoint().toString();
    Path dataPath = writeEndpointRules(layout.awsDataPath(), aws);
    List<Variable> vars = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    vars.add(new Variable("AWS_ENDPOINT_URL", aws, "the app's Ddb.client(); boto3 1.28+, the AWS CLI and SDKs, every service"));
    vars.add(new Variable("AWS_ENDPOINT_URL_DYNAMODB", aws, "boto3 1.28+, the AWS CLI and SDKs"));
    vars.add(new Variable("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", aws, "boto3 1.28+, the AWS CLI and SDKs"));
    vars.add(new Variable("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", aws, "boto3 1.28+, the AWS CLI and SDKs"));
    vars.add(new Variable("AWS_DATA_PATH", dataPath.toString(), "boto3 before 1.28, or with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true"
        + " (the course's bin/cognito/list-users, bin/db/update_cognito_user_ids): endpoint rules for DynamoDB, its streams, Cognito"));
    vars.add(new Variable("AWS_ACCESS_KEY_ID", e.accessKeyId(), "every AWS client (the local engines' fixed key)"));
    vars.add(new Variable("AWS_SECRET_ACCESS_KEY", e.secretAccessKey(), "every AWS client (the local engines' fixed key)"));
    vars.add(new Variable("AWS_REGION", e.region(), "AWS SDKs"));
    vars.add(new Variable("AWS_DEFAULT_REGION", e.region(), "the app (boto3, its Cognito JWT check), the AWS CLI"));
    pool(session).ifPresentOrElse(p -> {
      vars.add(new Variable("AWS_COGNITO_USER_POOL_ID", p.poolId(), "the app's JWT check, the course's Cognito scripts"));
      p.clientId().ifPresentOrElse(
          id -> vars.add(new Variable("AWS_COGNITO_USER_POOL_CLIENT_ID", id, "the app's JWT check (the token's audience)")),
          () -> warnings.add("user pool " + session.names().userPoolName() + " has no app client "
              + session.names().userPoolClientName() + ", so AWS_COGNITO_USER_POOL_CLIENT_ID is not set. Run `cruddur release`,"
              + " then print the environment again"));
    }, () -> warnings.add("there is no user pool " + session.names().userPoolName() + " yet, so AWS_COGNITO_USER_POOL_ID and"
        + " AWS_COGNITO_USER_POOL_CLIENT_ID are not set. Run `cruddur release` (its dev context creates the pool), then print"
        + " the environment again"));
    vars.add(new Variable("DDB_MESSAGE_TABLE", session.names().tableName(), "the app's lib/ddb.py (later weeks)"));
    vars.add(new Variable("PGHOST", e.postgresHost(), "psql, libpq"));
    vars.add(new Variable("PGPORT", Integer.toString(e.postgresPort()), "psql, libpq"));
    vars.add(new Variable("PGUSER", e.user(), "psql, libpq"));
    vars.add(new Variable("PGPASSWORD", e.password(), "psql, libpq (the embedded server's fixed local password)"));
    vars.add(new Variable("PGDATABASE", session.names().localDatabase(), "psql, libpq"));
    String url = "postgresql://" + e.user() + ":" + e.password() + "@" + e.postgresHost() + ":" + e.postgresPort() + "/"
        + session.names().localDatabase();
    vars.add(new Variable("CONNECTION_URL", url, "the app's lib/db.py, its post-confirmation Lambda"));
    vars.add(new Variable("LOCAL_CONNECTION_URL", url, "the course's bin/db scripts"));
    return new AppEnvironment(vars, warnings);
  }

  /** The local pool's id and its app client's, when there is a pool. */
  private record Pool(String poolId, Optional<String> clientId) {}

  private static Optional<Pool> pool(TargetSession session) {
    Optional<String> poolId = UserPools.idOf(session);
    if (poolId.isEmpty()) {
      return Optional.empty();
    }
    try {
      Optional<String> clientId = Optional.empty();
      for (UserPoolClientDescription client : session.cognito().listUserPoolClientsPaginator(b -> b.userPoolId(poolId.get())
          .maxResults(60)).userPoolClients()) {
        if (session.names().userPoolClientName().equals(client.clientName())) {
          clientId = Optional.of(client.clientId());
        }
      }
      return Optional.of(new Pool(poolId.get(), clientId));
    } catch (SdkException e) {
      throw app.cruddur.ops.runner.internal.aws.AwsErrors.translate(e, "listing the app clients of user pool " + poolId.get(),
          UserPools.where(session));
    }
  }

  /**
   * Writes, for each of {@link #SERVICES}, {@code <service>/<version>/endpoint-rule-set-1.json}: an
   * endpoint given by the client wins, else the local engine. Rewritten only when it differs (the
   * port changes with the environment).
   */
  static Path writeEndpointRules(Path dir, String endpoint) {
    String rules = ruleSet(endpoint);
    try {
      for (String[] service : SERVICES) {
        Path file = dir.resolve(service[0]).resolve(service[1]).resolve("endpoint-rule-set-1.json");
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(rules)) {
          Files.createDirectories(file.getParent());
          Path partial = file.resolveSibling(file.getFileName() + ".tmp");
          Files.writeString(partial, rules, StandardCharsets.UTF_8);
          Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the endpoint rules in " + dir, e);
    }
  }

  private static String ruleSet(String endpoint) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("version", "1.0");
    ObjectNode parameters = root.putObject("parameters");
    parameter(parameters, "Region", "AWS::Region", "The region the client was built for");
    parameter(parameters, "Endpoint", "SDK::Endpoint", "An endpoint the client was given: it wins");
    ArrayNode rules = root.putArray("rules");
    ObjectNode given = rules.addObject();
    ObjectNode isSet = given.putArray("conditions").addObject();
    isSet.put("fn", "isSet");
    isSet.putArray("argv").addObject().put("ref", "Endpoint");
    endpoint(given, "{Endpoint}");
    ObjectNode local = rules.addObject();
    local.putArray("conditions");
    endpoint(local, endpoint);
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void parameter(ObjectNode parameters, String name, String builtIn, String documentation) {
    ObjectNode p = parameters.putObject(name);
    p.put("builtIn", builtIn);
    p.put("required", false);
    p.put("documentation", documentation);
    p.put("type", "string");
  }

  private static void endpoint(ObjectNode rule, String url) {
    ObjectNode e = rule.putObject("endpoint");
    e.put("url", url);
    e.putObject("properties");
    e.putObject("headers");
    rule.put("type", "endpoint");
  }
}
