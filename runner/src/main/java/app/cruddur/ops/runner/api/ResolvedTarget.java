package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.CognitoPool;
import app.cruddur.ops.model.MessagesTable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The target, decided once: the options as written ({@link Target}), the database and where it was
 * named, the resource names given, and from those who owns each store and the one description every
 * message, report and envelope uses. Pure: resolving and describing start nothing and connect
 * nowhere (the connections beside it do the I/O, lazily). Everything else asks it — {@link
 * #owns(Store)}, {@link #local()} — instead of testing the kind of target. {@link #toString()}
 * never shows a password.
 *
 * @param written the target as the options or the API caller wrote it
 * @param names the resource names given ({@code --table}, {@code --user-pool-*})
 * @param database the PostgreSQL named by {@code --db-url} or {@code CRUDDUR_DATABASE_URL}, if any
 * @param local true for the local environment with its own database (see {@link #local()})
 */
public record ResolvedTarget(
    Target written, ResourceNames names, Optional<GivenDatabase> database, boolean local) {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

  public ResolvedTarget {
    Objects.requireNonNull(written, "written");
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(database, "database");
  }

  /**
   * Resolves {@code written}: the database named by it or by {@code env}; local when the engines
   * are the local environment's and the database is its own (none named, or one on its PostgreSQL).
   *
   * @param localPostgresPort the local environment's PostgreSQL port as its state file records it,
   *     if it has one (read, never started, to tell whether a database given is its own)
   * @throws CruddurException exit 2 for a database URL that does not parse
   */
  public static ResolvedTarget of(
      Target written, ResourceNames names, Map<String, String> env, OptionalInt localPostgresPort) {
    Optional<GivenDatabase> database = GivenDatabase.of(written, env);
    boolean local =
        written.kind() == Target.Kind.LOCAL
            && (database.isEmpty()
                || LOOPBACK.contains(database.get().parsed().host())
                    && localPostgresPort.isPresent()
                    && database.get().parsed().port() == localPostgresPort.getAsInt());
    return new ResolvedTarget(written, names, database, local);
  }

  /**
   * True for the local environment with its own database: a release there assumes the dev context,
   * and a rollback or a drop asks instead of wanting a name repeated. Local engines with a database
   * of another server are not local.
   */
  @Override
  public boolean local() {
    return local;
  }

  /**
   * True when DynamoDB and Cognito are the local environment's engines (started when needed),
   * whatever the database.
   */
  public boolean localEngines() {
    return written.kind() == Target.Kind.LOCAL;
  }

  /**
   * True when the runner owns {@code store} here, so a release may create it and its name defaults
   * to the model's: the table and the pool on any engine but AWS (the local environment, DynamoDB
   * Local, LocalStack: a deployment named there names them, and the runner still provisions what is
   * missing); the database only when it is the local environment's own. On AWS the CDK app owns
   * every store, nothing defaults, and a missing table or pool is an error.
   */
  public boolean owns(Store store) {
    return switch (store) {
      case POSTGRES -> local;
      case DYNAMODB, COGNITO -> written.kind() != Target.Kind.AWS;
    };
  }

  /**
   * True on the embedded engine (moto), whose cancelled transactions undo whatever landed while
   * they ran: conditional transactions go one at a time there.
   */
  public boolean serialTransactions() {
    return localEngines();
  }

  /** True when TLS to an RDS host is verified against the RDS authorities (AWS). */
  public boolean verifiesRdsTls() {
    return written.kind() == Target.Kind.AWS;
  }

  /** True when a deployment names the resources ({@code --outputs}, {@code --stack}). */
  public boolean deploymentNamed() {
    return written.deploymentOutputs().isPresent() || written.stackName().isPresent();
  }

  /** The messages table the model names, where the runner owns it and nothing else names it. */
  public Optional<String> defaultTable() {
    return owns(Store.DYNAMODB) ? Optional.of(MessagesTable.NAME) : Optional.empty();
  }

  /** The user pool's name the model gives, where the runner owns it and nothing else names it. */
  public Optional<String> defaultPoolName() {
    return owns(Store.COGNITO) ? Optional.of(CognitoPool.POOL_NAME) : Optional.empty();
  }

  /**
   * The target as it is written to, for every message and report, without secrets: "local", "aws
   * profile admin region eu-west-1", "endpoint http://localhost:4566", and for local engines with
   * another server's database "local engines, database postgresql://alice@db.example:5432/cruddur
   * (CRUDDUR_DATABASE_URL)".
   */
  public String describe() {
    if (localEngines() && !local) {
      return "local engines, database " + database.orElseThrow();
    }
    return written.describe();
  }

  @Override
  public String toString() {
    return "ResolvedTarget[" + describe() + database.map(d -> ", database " + d).orElse("") + "]";
  }
}
