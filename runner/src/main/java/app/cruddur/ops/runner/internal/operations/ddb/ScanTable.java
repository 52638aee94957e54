package app.cruddur.ops.runner.internal.operations.ddb;

import app.cruddur.ops.functions.Items;
import app.cruddur.ops.model.MessageItems;
import app.cruddur.ops.model.UnreadableItem;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.ErrorCode;
import app.cruddur.ops.runner.api.ScanSummary;
import app.cruddur.ops.runner.internal.dynamo.ItemText;
import app.cruddur.ops.runner.internal.operations.Operation;
import app.cruddur.ops.runner.internal.operations.Warnings;
import app.cruddur.ops.runner.internal.targets.Connections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * {@code cruddur ddb scan TABLE}: every page of a table (up to a limit), each item passed on as
 * plain values the moment it is read, so memory stays flat however large the table. Items of the
 * target's messages table are also checked against the model: one that is not a readable message or
 * group row is passed on all the same, with a {@value Warnings#MALFORMED_ITEM} warning.
 */
public record ScanTable(
    Connections session, String table, long limit, Consumer<Map<String, Object>> each)
    implements Operation<ScanSummary> {
  @Override
  public ScanSummary run() {
    if (limit < 1) {
      throw CruddurException.of(
          ErrorCode.USAGE,
          "--limit must be at least 1, not " + limit,
          "Pass how many items to show");
    }
    boolean messagesTable = table.equals(session.names().tableName());
    Warnings warnings = new Warnings();
    return DynamoCalls.call(
        session,
        "scanning table " + table,
        () -> {
          long seen = 0;
          int pages = 0;
          try {
            for (ScanResponse page :
                session
                    .dynamo()
                    .scanPaginator(b -> b.tableName(table).limit((int) Math.min(1000, limit)))) {
              pages++;
              for (Map<String, AttributeValue> item : page.items()) {
                if (seen >= limit) {
                  return new ScanSummary(table, seen, pages, true, warnings.list());
                }
                if (messagesTable) {
                  check(item, warnings);
                }
                each.accept(ItemText.plain(item));
                seen++;
              }
            }
          } catch (ResourceNotFoundException e) {
            throw DynamoCalls.unknownTable(session, table);
          }
          return new ScanSummary(table, seen, pages, false, warnings.list());
        });
  }

  private void check(Map<String, AttributeValue> item, Warnings warnings) {
    Map<String, String> attributes = Items.toStrings(item);
    MessageItems.problem(attributes)
        .ifPresent(
            problem ->
                MessagesTableReads.report(
                    warnings,
                    table,
                    "not a message or group row the model can read:",
                    List.of(UnreadableItem.of(attributes, problem))));
  }
}
