package app.cruddur.ops.runner.internal.stores;

import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.cognito.UserPools;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The identity of each store's data: which incarnation of the messages table (its TableId on AWS,
 * its ARN and creation time where there is none) and of the user pool. Recorded with every step of
 * that store, it is how the ledger notices that a store lost its data (moto restarted, a table
 * restored or recreated) and shows its steps as pending again. PostgreSQL needs none: the ledger
 * lives in it and goes with its data.
 */
public final class StoreIdentities {
  /** The identity of a store that does not exist (yet). */
  public static final String ABSENT = "absent";

  private final Connections session;
  private final Map<Store, String> cache = new EnumMap<>(Store.class);

  public StoreIdentities(Connections session) {
    this.session = session;
  }

  /** The current identity of {@code store} (checked once per release unless refreshed). */
  public synchronized String of(Store store) {
    return cache.computeIfAbsent(store, this::probe);
  }

  /** Forgets what is known of {@code store}, after a step changed it. */
  public synchronized void refresh(Store store) {
    cache.remove(store);
  }

  /**
   * The writes {@code store} lost while keeping its identity: on the local engines, moto restored
   * from a snapshot older than its last changes (the next release runs the steps applied since).
   */
  public Optional<LostWrites> lostWrites(Store store) {
    if (store == Store.POSTGRES) {
      return Optional.empty();
    }
    return session
        .localState()
        .flatMap(
            state ->
                state
                    .restored()
                    .flatMap(restore -> restore.lostSince())
                    .map(since -> new LostWrites(since, state.startedAt())));
  }

  /** The stores checked so far. */
  public synchronized java.util.Set<Store> checked() {
    return java.util.EnumSet.copyOf(
        cache.isEmpty() ? java.util.EnumSet.noneOf(Store.class) : cache.keySet());
  }

  private String probe(Store store) {
    return switch (store) {
      case POSTGRES -> "postgres";
      case DYNAMODB -> tableIdentity();
      case COGNITO -> poolIdentity();
    };
  }

  private String tableIdentity() {
    String table = session.names().tableName();
    try {
      TableDescription t = session.dynamo().describeTable(b -> b.tableName(table)).table();
      if (t.tableId() != null) {
        return "table " + table + " id " + t.tableId();
      }
      return "table " + t.tableArn() + " created " + t.creationDateTime().toEpochMilli();
    } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
      return ABSENT;
    } catch (SdkException e) {
      throw AwsErrors.translate(
          e, "checking table " + table, session.aws().describe("DynamoDB", "DYNAMODB"));
    }
  }

  private String poolIdentity() {
    try {
      Optional<String> id = UserPools.idOf(session);
      if (id.isEmpty()) {
        return ABSENT;
      }
      UserPoolType pool =
          session.cognito().describeUserPool(b -> b.userPoolId(id.get())).userPool();
      return "pool " + pool.id() + " created " + pool.creationDate().toEpochMilli();
    } catch (ResourceNotFoundException e) {
      return ABSENT;
    } catch (SdkException e) {
      throw AwsErrors.translate(e, "checking the user pool", UserPools.where(session));
    }
  }
}
