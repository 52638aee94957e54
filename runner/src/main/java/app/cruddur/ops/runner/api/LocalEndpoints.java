package app.cruddur.ops.runner.api;

import java.net.URI;

/**
 * Where the running local environment answers. The PostgreSQL password is the embedded server's
 * fixed local one (it trusts 127.0.0.1), not a secret.
 *
 * @param postgresHost always 127.0.0.1
 * @param postgresPort the embedded PostgreSQL's port
 * @param database the runner's database
 * @param user PostgreSQL user
 * @param password PostgreSQL password (local, not secret)
 * @param awsEndpoint moto's endpoint: DynamoDB, DynamoDB Streams and Cognito
 * @param region the region the local engine is addressed in
 * @param accessKeyId static local credentials
 * @param secretAccessKey static local credentials
 */
public record LocalEndpoints(
    String postgresHost,
    int postgresPort,
    String database,
    String user,
    String password,
    URI awsEndpoint,
    String region,
    String accessKeyId,
    String secretAccessKey) {

  /** JDBC URL of the runner's database. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + database;
  }
}
