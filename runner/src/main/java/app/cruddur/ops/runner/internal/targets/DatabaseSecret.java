package app.cruddur.ops.runner.internal.targets;

import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The credentials of the deployed database, from the Secrets Manager secret RDS generated ({@code
 * {"username": ..., "password": ...}}). The password stays in memory: never printed, logged, or put
 * in an exception message; {@link #toString()} hides it.
 *
 * @param username the user
 * @param password the password
 */
public record DatabaseSecret(String username, String password) {
  /** Reads the secret {@code arn} with the session's credentials. */
  static DatabaseSecret read(Connections session, String arn) {
    String where = session.aws().describe("Secrets Manager", "SECRETS_MANAGER");
    try (SecretsManagerClient secrets =
        session.aws().client(SecretsManagerClient::builder, "SECRETS_MANAGER")) {
      String text = secrets.getSecretValue(b -> b.secretId(arn)).secretString();
      JsonNode json = text == null ? null : Json.mapper().readTree(text);
      if (json == null || !json.hasNonNull("username") || !json.hasNonNull("password")) {
        throw CruddurException.of(
            ErrorCode.DEPLOYMENT,
            "the database secret " + arn + " has no username and password",
            "Point DbSecretArn at the secret RDS generated for the instance");
      }
      return new DatabaseSecret(json.get("username").asText(), json.get("password").asText());
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "reading the database secret", where);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // the parser's message may quote the secret: leave it out
      throw CruddurException.of(
          ErrorCode.DEPLOYMENT,
          "the database secret " + arn + " is not JSON",
          "Point DbSecretArn at the secret RDS generated");
    }
  }

  @Override
  public String toString() {
    return "DatabaseSecret[username=" + username + ", password=****]";
  }
}
