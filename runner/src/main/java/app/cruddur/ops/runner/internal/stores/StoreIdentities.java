package app.cruddur.ops.runner.internal.stores;

import app.cruddur.ops.runner.api.Store;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.cognito.UserPools;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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

  /**
   * What a store outside {@link #only} answers: not asked, since the run touches none of its steps
   * ({@code db update}). Its applied steps are then assessed as not in place and are not run.
   */
  public static final String UNCHECKED = "unchecked";

  private final Connections session;
  private final Set<Store> asked;
  // one probe per store, run by the first thread that asks (or by a prefetch): the stores' probes
  // go on at once, where one lock over every probe made them wait for each other
  private final Map<Store, FutureTask<String>> probes = new EnumMap<>(Store.class);

  public StoreIdentities(Connections session) {
    this(session, EnumSet.allOf(Store.class));
  }

  private StoreIdentities(Connections session, Set<Store> asked) {
    this.session = session;
    this.asked = asked.isEmpty() ? EnumSet.noneOf(Store.class) : EnumSet.copyOf(asked);
  }

  /**
   * Identities asked of {@code stores} only: a run of one store's steps ({@code db update}) neither
   * calls the others nor says it checked them.
   */
  public static StoreIdentities only(Connections session, Set<Store> stores) {
    return new StoreIdentities(session, stores);
  }

  /** The current identity of {@code store} (checked once per release unless refreshed). */
  public String of(Store store) {
    if (!asked.contains(store)) {
      return UNCHECKED;
    }
    FutureTask<String> probe = probeOf(store);
    probe.run(); // returns at once when another thread runs it or ran it
    try {
      return probe.get();
    } catch (ExecutionException e) {
      synchronized (this) {
        probes.remove(store, probe); // a failed probe is asked again, as before
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + store.label(), e);
    }
  }

  /**
   * Starts probing {@code stores} (those asked) each on a daemon thread of its own, so that their
   * calls overlap each other and the ledger's reading; {@link #of} then takes the answer (or the
   * failure) as if it had asked itself.
   */
  public void prefetch(Set<Store> stores) {
    for (Store store : stores) {
      if (store == Store.POSTGRES || !asked.contains(store)) {
        continue;
      }
      Thread t = new Thread(probeOf(store), "identity-" + store.label());
      t.setDaemon(true);
      t.start();
    }
  }

  private synchronized FutureTask<String> probeOf(Store store) {
    return probes.computeIfAbsent(store, s -> new FutureTask<>(() -> probe(s)));
  }

  /** Forgets what is known of {@code store}, after a step changed it. */
  public synchronized void refresh(Store store) {
    probes.remove(store);
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
  public synchronized Set<Store> checked() {
    Set<Store> checked = EnumSet.noneOf(Store.class);
    probes.forEach(
        (store, probe) -> {
          if (probe.isDone() && !probe.isCancelled() && answered(probe)) {
            checked.add(store);
          }
        });
    return checked;
  }

  private static boolean answered(FutureTask<String> probe) {
    try {
      probe.get();
      return true;
    } catch (ExecutionException | InterruptedException e) {
      return false;
    }
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
      throw AwsErrors.translate(e, "checking table " + table, session.aws().describeDynamoDb());
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
