package app.cruddur.ops.infra;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a stage takes over from a deployment made before the CDK app (by the course's scripts, or by
 * hand) instead of creating it: the messages table (imported into the data stack), the user pool
 * (referenced by id, never owned) and the database (restored from a snapshot of the old instance).
 * Read from the CDK context, each key given for the stage being synthesized:
 *
 * <ul>
 *   <li>{@code adoptTable=NAME}: the data stack's table is the existing table {@code NAME}, kept
 *       when the stack goes ({@code RETAIN}). With {@code tableImport=true} as well, the table is
 *       defined as {@code bin/ddb/schema-load} made it (PROVISIONED 5/5, no stream, no recovery, no
 *       tags) and nothing else is in the stack: the template {@code cdk import} needs. The deploy
 *       after the import turns it into the model's table (on demand, stream, recovery).
 *   <li>{@code userPoolId=ID}: the auth stack refers to the pool {@code ID} and creates only the
 *       web client in it; no deploy can replace or delete a pool it does not own.
 *   <li>{@code restoreFromSnapshot=ARN} and {@code snapshotMasterUsername=NAME}: the stage's
 *       instance is restored from the snapshot {@code ARN} of the old instance, whose master user
 *       is {@code NAME}; its secret is generated for that user.
 * </ul>
 *
 * <p>A value is a string for the stage of {@code -c stage=…}, or, in cdk.json, an object by stage
 * ({@code "userPoolId": {"prod": "…"}}). The pipeline synthesizes every stage at once, so there
 * only the object form is accepted. Every later deploy must carry the same keys (keep them in
 * cdk.json): the table's name and the instance's snapshot are part of the resources.
 *
 * @param table the table to adopt
 * @param userPoolId the pool to refer to
 * @param database the snapshot to restore the instance from
 */
public record ExistingResources(
    Optional<AdoptedTable> table, Optional<String> userPoolId, Optional<SnapshotRestore> database) {
  /** The context key naming the table to adopt. */
  public static final String ADOPT_TABLE = "adoptTable";

  /** The context key that asks for the import-compatible table ({@code cdk import}). */
  public static final String TABLE_IMPORT = "tableImport";

  /** The context key naming the user pool to refer to. */
  public static final String USER_POOL_ID = "userPoolId";

  /** The context key naming the snapshot to restore the database from. */
  public static final String RESTORE_FROM_SNAPSHOT = "restoreFromSnapshot";

  /** The context key naming the snapshot's master user. */
  public static final String SNAPSHOT_MASTER_USERNAME = "snapshotMasterUsername";

  public ExistingResources {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(userPoolId, "userPoolId");
    Objects.requireNonNull(database, "database");
  }

  /**
   * An existing messages table.
   *
   * @param name its name (what {@code bin/ddb/schema-load} called it: {@code cruddur-messages})
   * @param importing whether this synth is for {@code cdk import} (the table as it is) rather than
   *     a deploy (the table as the model wants it)
   */
  public record AdoptedTable(String name, boolean importing) {
    public AdoptedTable {
      if (name == null || !name.matches("[a-zA-Z0-9_.-]{3,255}")) {
        throw new IllegalArgumentException(
            "-c "
                + ADOPT_TABLE
                + "="
                + name
                + " is not a DynamoDB table name. Pass the name of the"
                + " existing table, e.g. -c "
                + ADOPT_TABLE
                + "=cruddur-messages");
      }
    }
  }

  /**
   * The snapshot of the old instance.
   *
   * @param snapshotIdentifier its ARN (or its name, in the stage's account and region)
   * @param masterUsername the old instance's master user, which a restore keeps
   */
  public record SnapshotRestore(String snapshotIdentifier, String masterUsername) {
    public SnapshotRestore {
      if (snapshotIdentifier == null || !snapshotIdentifier.matches("[a-zA-Z][\\w:.-]{0,1023}")) {
        throw new IllegalArgumentException(
            "-c "
                + RESTORE_FROM_SNAPSHOT
                + "="
                + snapshotIdentifier
                + " is not a DB snapshot."
                + " Pass its ARN: aws rds describe-db-snapshots --query"
                + " 'DBSnapshots[].DBSnapshotArn'");
      }
      if (masterUsername == null || !masterUsername.matches("[a-zA-Z]\\w{0,62}")) {
        throw new IllegalArgumentException(
            "-c "
                + RESTORE_FROM_SNAPSHOT
                + " needs the snapshot's master user: pass -c "
                + SNAPSHOT_MASTER_USERNAME
                + "=NAME (the course's create-db-instance used root;"
                + " aws rds describe-db-snapshots --query 'DBSnapshots[].MasterUsername')");
      }
    }
  }

  /** Nothing adopted: the stage creates every resource. */
  public static ExistingResources none() {
    return new ExistingResources(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * The resources {@code stage} adopts, from the CDK context.
   *
   * @throws IllegalArgumentException naming the key and what to pass
   */
  public static ExistingResources fromContext(Function<String, Object> context, String stage) {
    boolean everyStage = Boolean.parseBoolean(String.valueOf(context.apply("pipeline")));
    Function<String, Optional<String>> value = key -> forStage(context, key, stage, everyStage);
    Optional<String> tableName = value.apply(ADOPT_TABLE);
    boolean importing = value.apply(TABLE_IMPORT).map(Boolean::parseBoolean).orElse(false);
    if (importing && tableName.isEmpty()) {
      throw new IllegalArgumentException(
          "-c "
              + TABLE_IMPORT
              + "=true imports the table named by -c "
              + ADOPT_TABLE
              + "=NAME: pass both");
    }
    Optional<String> snapshot = value.apply(RESTORE_FROM_SNAPSHOT);
    return new ExistingResources(
        tableName.map(name -> new AdoptedTable(name, importing)),
        value.apply(USER_POOL_ID).map(ExistingResources::checkedPoolId),
        snapshot.map(
            s -> new SnapshotRestore(s, value.apply(SNAPSHOT_MASTER_USERNAME).orElse(null))));
  }

  /** Whether the stage adopts anything. */
  public boolean any() {
    return table.isPresent() || userPoolId.isPresent() || database.isPresent();
  }

  /** Whether the data stack is synthesized for {@code cdk import}. */
  public boolean importingTable() {
    return table.map(AdoptedTable::importing).orElse(false);
  }

  private static Optional<String> forStage(
      Function<String, Object> context, String key, String stage, boolean everyStage) {
    Object value = context.apply(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map<?, ?> byStage) {
      return Optional.ofNullable(byStage.get(stage)).map(String::valueOf);
    }
    if (everyStage) {
      throw new IllegalArgumentException(
          "-c "
              + key
              + " would apply to every stage of the pipeline. Give it per stage in"
              + " cdk.json's context: \""
              + key
              + "\": {\""
              + stage
              + "\": \""
              + value
              + "\"}");
    }
    return Optional.of(value.toString());
  }

  private static String checkedPoolId(String id) {
    if (!id.matches("[\\w-]+_[0-9a-zA-Z]+")) {
      throw new IllegalArgumentException(
          "-c "
              + USER_POOL_ID
              + "="
              + id
              + " is not a user pool id (REGION_ID, e.g."
              + " us-east-1_AbCdEf123): aws cognito-idp list-user-pools --max-results 60");
    }
    return id;
  }
}
