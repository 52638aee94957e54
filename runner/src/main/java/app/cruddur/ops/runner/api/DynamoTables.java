package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.MessageItems;
import app.cruddur.ops.model.MessagesTable;
import app.cruddur.ops.model.UnreadableItem;
import app.cruddur.ops.runner.internal.aws.AwsErrors;
import app.cruddur.ops.runner.internal.dynamo.Items;
import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import app.cruddur.ops.runner.internal.target.TargetSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Operator commands on DynamoDB tables of a target: list (every page), schema-load (the model's
 * table), drop (waits until deleted), scan (every page). Usable without the CLI.
 */
public final class DynamoTables implements AutoCloseable {
  private final TargetSession session;

  private DynamoTables(TargetSession session) {
    this.session = session;
  }

  /** Operations on {@code target}'s DynamoDB. */
  public static DynamoTables connect(Target target, ResourceNames names, Map<String, String> environment) {
    return new DynamoTables(new TargetSession(target, environment, names, List.of()));
  }

  /**
   * What schema-load did.
   *
   * @param table the table
   * @param created true when it was created, false when an existing one matched the model
   */
  public record SchemaLoad(String table, boolean created) {}

  /**
   * What a scan saw.
   *
   * @param table the table
   * @param items items passed on
   * @param pages pages read
   * @param truncated true when the limit stopped it before the end
   * @param unreadable items of the messages table that do not have their type's shape (passed on
   *     all the same; show them as warnings)
   */
  public record ScanSummary(String table, long items, int pages, boolean truncated, List<UnreadableItem> unreadable) {}

  /** Every table name, following LastEvaluatedTableName across pages. */
  public List<String> list() {
    return call("listing tables", () -> {
      List<String> names = new ArrayList<>();
      session.dynamo().listTablesPaginator(b -> b.limit(100)).tableNames().forEach(names::add);
      return names;
    });
  }

  /**
   * Creates the messages table from the model (or checks that an existing one matches it) and waits
   * until it is ACTIVE.
   *
   * @throws CruddurException exit 3 naming every difference when an existing table does not match
   */
  public SchemaLoad schemaLoad(String tableName) {
    return call("creating table " + tableName, () -> {
      try {
        TableSchema.Outcome outcome = TableSchema.ensure(session.dynamo(), MessagesTable.definition(tableName), true);
        return new SchemaLoad(tableName, outcome == TableSchema.Outcome.CREATED);
      } catch (TableSchema.TableMismatchException e) {
        throw new CruddurException(ExitCode.DRIFT, e.getMessage(),
            "Drop and reload it (cruddur ddb drop " + tableName + "), or use another --table");
      }
    });
  }

  /**
   * Deletes a table and waits until it is gone.
   *
   * @throws CruddurException exit 2 when there is no such table
   */
  public void drop(String table) {
    call("dropping table " + table, () -> {
      try {
        session.dynamo().deleteTable(b -> b.tableName(table));
      } catch (ResourceNotFoundException e) {
        throw unknownTable(table);
      }
      TableSchema.awaitDeleted(session.dynamo(), table);
      return null;
    });
  }

  /** True when the table exists. */
  public boolean exists(String table) {
    return call("describing table " + table, () -> TableSchema.describe(session.dynamo(), table).isPresent());
  }

  /**
   * Reads every page of a table (up to {@code limit} items), passing each item as plain values.
   * Items of the messages table (the target's, {@code --table}) are also checked against the model:
   * those that are not a readable message or group row are passed on and listed in the summary.
   *
   * @throws CruddurException exit 2 when there is no such table
   */
  public ScanSummary scan(String table, long limit, Consumer<Map<String, Object>> each) {
    boolean messagesTable = table.equals(session.names().tableName());
    return call("scanning table " + table, () -> {
      long seen = 0;
      int pages = 0;
      List<UnreadableItem> unreadable = new ArrayList<>();
      try {
        for (ScanResponse page : session.dynamo().scanPaginator(b -> b.tableName(table).limit((int) Math.min(1000, Math.max(1, limit))))) {
          pages++;
          for (Map<String, AttributeValue> item : page.items()) {
            if (seen >= limit) {
              return new ScanSummary(table, seen, pages, true, unreadable);
            }
            if (messagesTable) {
              Map<String, String> attributes = Items.toStrings(item);
              MessageItems.problem(attributes).ifPresent(p -> unreadable.add(UnreadableItem.of(attributes, p)));
            }
            each.accept(Items.plain(item));
            seen++;
          }
        }
      } catch (ResourceNotFoundException e) {
        throw unknownTable(table);
      }
      return new ScanSummary(table, seen, pages, false, unreadable);
    });
  }

  private CruddurException unknownTable(String table) {
    return CruddurException.usage("there is no table " + table + " on " + session.target().describe(),
        "List them with `cruddur ddb list-tables`");
  }

  private <T> T call(String what, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (SdkException e) {
      throw AwsErrors.translate(e, what, session.aws().describe("DynamoDB", "DYNAMODB"));
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
