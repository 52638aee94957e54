package app.cruddur.ops.runner.internal.dynamo.migration;

import app.cruddur.ops.runner.internal.aws.Backoff;
import app.cruddur.ops.runner.internal.dynamo.Throttling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Writes one item's plan, conditionally, so that no write ever lands on an item that is no longer
 * as it was read: an update is conditional on the attributes it reads and writes, a move (put new +
 * delete old, one transaction) on the new key being free and the old item being exactly as read.
 * When a condition fails the item is read again (consistently) to tell apart: our own earlier
 * attempt having landed, the item already in its new form, another writer's change (left alone), or
 * a new key held by another item (a failure to report). Throttling is retried with capped
 * exponential backoff, the budget halved and the reason told.
 *
 * <p>Longer than our usual class (about 280 lines) on purpose: the condition of a write, the
 * re-read that explains a failed condition and the retry of a throttled one decide together what
 * became of an item; apart, each would have to know the others' cases.
 */
final class ConditionalWriter {
  private static final Logger LOG = Logger.getLogger(ConditionalWriter.class.getName());
  private static final long NOTICE_EVERY = Duration.ofSeconds(10).toNanos();

  /** What became of one item. */
  enum Outcome {
    CHANGED,
    ALREADY_DONE,
    SKIPPED,
    CHANGED_ELSEWHERE,
    FAILED
  }

  /** What became of one item, and why when it is worth telling. */
  record Written(Outcome outcome, String note, Map<String, AttributeValue> current) {
    static Written of(Outcome outcome) {
      return new Written(outcome, "", null);
    }
  }

  /**
   * How the writer retries.
   *
   * @param backoff between retries of a throttled write
   * @param deadline an item still throttled after this long stops the migration (it resumes later)
   * @param transactionsInFlight moves (transactions) in flight at once, 0 for no limit beyond the
   *     writers
   */
  record Settings(Backoff backoff, Duration deadline, int transactionsInFlight) {
    static final Settings DEFAULT = new Settings(Backoff.DEFAULT, Duration.ofMinutes(5), 0);
  }

  private final DynamoDbClient dynamo;
  private final String table;
  private final String partitionKey;
  private final String sortKey;
  private final ItemPlanner planner;
  private final WriteLimiter budget;
  private final ToDoubleFunction<ItemPlan> cost;
  private final Settings settings;
  private final Consumer<String> notices;
  final AtomicLong requests = new AtomicLong();
  final AtomicLong throttledRetries = new AtomicLong();
  final AtomicLong backoffMillis = new AtomicLong();
  final Map<String, AtomicLong> throttleReasons = new ConcurrentHashMap<>();
  private final AtomicLong lastNotice = new AtomicLong(System.nanoTime() - NOTICE_EVERY);
  private final java.util.concurrent.Semaphore transactions;

  ConditionalWriter(
      DynamoDbClient dynamo,
      String table,
      String partitionKey,
      String sortKey,
      ItemPlanner planner,
      WriteLimiter budget,
      ToDoubleFunction<ItemPlan> cost,
      Settings settings,
      Consumer<String> notices) {
    this.dynamo = dynamo;
    this.table = table;
    this.partitionKey = partitionKey;
    this.sortKey = sortKey;
    this.planner = planner;
    this.budget = budget;
    this.cost = cost;
    this.settings = settings;
    this.notices = notices;
    this.transactions =
        settings.transactionsInFlight() > 0
            ? new java.util.concurrent.Semaphore(settings.transactionsInFlight())
            : null;
  }

  /** Writes {@code plan} (an Update or a Move). */
  Written write(ItemPlan plan) throws InterruptedException {
    long deadline = System.nanoTime() + settings.deadline().toNanos();
    int attempt = 0;
    int unexplained = 0;
    while (true) {
      budget.acquire(cost.applyAsDouble(plan));
      try {
        requests.incrementAndGet();
        Written written =
            plan instanceof ItemPlan.Update u ? update(u) : limited((ItemPlan.Move) plan);
        if (written != null) {
          return written;
        }
        // the condition failed, yet the item reads as it was: changed and changed back meanwhile;
        // try again
        if (++unexplained > 2) {
          return new Written(
              Outcome.FAILED,
              "its conditional write kept failing although the item reads unchanged",
              null);
        }
      } catch (SdkException e) {
        Optional<String> reason = Throttling.retryReason(e);
        if (reason.isEmpty()) {
          throw e;
        }
        attempt++;
        if (System.nanoTime() > deadline) {
          throw new MigrationStopped(
              MigrationStopped.Why.THROTTLED_TOO_LONG,
              "DynamoDB kept throttling writes to "
                  + table
                  + " ("
                  + reason.get()
                  + ") for "
                  + settings.deadline().toMinutes()
                  + " minutes",
              e);
        }
        throttled(
            reason.get(), plan instanceof ItemPlan.Move ? "TransactWriteItems" : "UpdateItem");
        backoffMillis.addAndGet(settings.backoff().sleep(attempt));
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
      }
    }
  }

  private Written limited(ItemPlan.Move m) throws InterruptedException {
    if (transactions == null) {
      return move(m);
    }
    transactions.acquire();
    try {
      return move(m);
    } finally {
      transactions.release();
    }
  }

  private Written update(ItemPlan.Update u) {
    Conditions c = new Conditions();
    List<String> setClauses = new ArrayList<>();
    u.set().forEach((name, value) -> setClauses.add(c.name(name) + " = " + c.value(value)));
    List<String> removeClauses = u.remove().stream().map(c::name).toList();
    List<String> guards = new ArrayList<>();
    guards.add("attribute_exists(" + c.name(partitionKey) + ")");
    for (String attribute : u.guarded()) {
      guards.add(c.unchanged(attribute, u.before().get(attribute)));
    }
    String expression =
        (setClauses.isEmpty() ? "" : "SET " + String.join(", ", setClauses))
            + (removeClauses.isEmpty()
                ? ""
                : (setClauses.isEmpty() ? "" : " ") + "REMOVE " + String.join(", ", removeClauses));
    try {
      dynamo.updateItem(
          b ->
              b.tableName(table)
                  .key(key(u.before()))
                  .updateExpression(expression)
                  .conditionExpression(String.join(" AND ", guards))
                  .expressionAttributeNames(c.names)
                  .expressionAttributeValues(c.values.isEmpty() ? null : c.values));
      return Written.of(Outcome.CHANGED);
    } catch (ConditionalCheckFailedException e) {
      return afterConflict(u.before(), u.after(), read(key(u.before())));
    }
  }

  private Written move(ItemPlan.Move m) {
    Conditions put = new Conditions();
    String free = "attribute_not_exists(" + put.name(partitionKey) + ")";
    Conditions delete = new Conditions();
    List<String> guards = new ArrayList<>();
    m.before().forEach((name, value) -> guards.add(delete.unchanged(name, value)));
    List<TransactWriteItem> actions =
        List.of(
            TransactWriteItem.builder()
                .put(
                    p ->
                        p.tableName(table)
                            .item(m.after())
                            .conditionExpression(free)
                            .expressionAttributeNames(put.names))
                .build(),
            TransactWriteItem.builder()
                .delete(
                    d ->
                        d.tableName(table)
                            .key(key(m.before()))
                            .conditionExpression(String.join(" AND ", guards))
                            .expressionAttributeNames(delete.names)
                            .expressionAttributeValues(delete.values))
                .build());
    try {
      dynamo.transactWriteItems(b -> b.transactItems(actions));
      return Written.of(Outcome.CHANGED);
    } catch (TransactionCanceledException e) {
      if (!conditionFailed(e)) {
        throw e;
      }
      Map<String, AttributeValue> old = read(key(m.before()));
      Map<String, AttributeValue> target = read(key(m.after()));
      if (old == null) {
        if (m.after().equals(target)) {
          return Written.of(
              Outcome.CHANGED); // our earlier attempt landed (its answer was lost or throttled)
        }
        return new Written(Outcome.CHANGED_ELSEWHERE, "deleted or moved by another writer", null);
      }
      if (old.equals(m.before()) && target != null) {
        return new Written(
            Outcome.FAILED,
            "its new key "
                + keyText(m.after())
                + " is taken by another item "
                + ItemSamples.describe(target),
            old);
      }
      return afterConflict(m.before(), m.after(), old);
    }
  }

  /**
   * The item changed between read and write: say what it is now (null: it reads as before, try
   * again).
   */
  private Written afterConflict(
      Map<String, AttributeValue> before,
      Map<String, AttributeValue> after,
      Map<String, AttributeValue> current) {
    if (current == null) {
      return new Written(Outcome.CHANGED_ELSEWHERE, "deleted by another writer", null);
    }
    if (current.equals(after)) {
      return Written.of(Outcome.CHANGED); // our earlier attempt landed
    }
    ItemPlan now = planner.plan(current);
    if (now instanceof ItemPlan.Unchanged || now instanceof ItemPlan.Skip) {
      return new Written(Outcome.ALREADY_DONE, "", current);
    }
    if (current.equals(before)) {
      return null;
    }
    return new Written(
        Outcome.CHANGED_ELSEWHERE,
        "changed by another writer since it was read; left as that writer left it",
        current);
  }

  private Map<String, AttributeValue> read(Map<String, AttributeValue> key) {
    requests.incrementAndGet();
    var response = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
  }

  private void throttled(String reason, String operation) {
    throttledRetries.incrementAndGet();
    throttleReasons
        .computeIfAbsent(reason + " on " + operation, r -> new AtomicLong())
        .incrementAndGet();
    double rate = budget.throttled();
    String text =
        "DynamoDB is throttling "
            + operation
            + " on "
            + table
            + " ("
            + reason
            + "): backing off"
            + (budget.unlimitedBudget()
                ? ""
                : String.format(Locale.ROOT, ", write budget lowered to %.0f units/s", rate));
    LOG.fine(text);
    long now = System.nanoTime();
    long last = lastNotice.get();
    if (now - last >= NOTICE_EVERY && lastNotice.compareAndSet(last, now)) {
      notices.accept(text);
    }
  }

  private static boolean conditionFailed(TransactionCanceledException e) {
    return e.hasCancellationReasons()
        && e.cancellationReasons().stream()
            .map(CancellationReason::code)
            .anyMatch("ConditionalCheckFailed"::equals);
  }

  private Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>();
    key.put(partitionKey, item.get(partitionKey));
    key.put(sortKey, item.get(sortKey));
    return key;
  }

  private String keyText(Map<String, AttributeValue> item) {
    return ItemSamples.key(item, partitionKey, sortKey);
  }

  /** Placeholders for one request's names and values. */
  private static final class Conditions {
    final Map<String, String> names = new LinkedHashMap<>();
    final Map<String, AttributeValue> values = new LinkedHashMap<>();

    String name(String attribute) {
      for (Map.Entry<String, String> e : names.entrySet()) {
        if (e.getValue().equals(attribute)) {
          return e.getKey();
        }
      }
      String placeholder = "#a" + names.size();
      names.put(placeholder, attribute);
      return placeholder;
    }

    String value(AttributeValue value) {
      String placeholder = ":v" + values.size();
      values.put(placeholder, value);
      return placeholder;
    }

    /** The attribute still has {@code read} (absent when null). */
    String unchanged(String attribute, AttributeValue read) {
      return read == null
          ? "attribute_not_exists(" + name(attribute) + ")"
          : name(attribute) + " = " + value(read);
    }
  }
}
