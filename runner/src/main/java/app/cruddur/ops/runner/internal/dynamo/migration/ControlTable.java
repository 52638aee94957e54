package app.cruddur.ops.runner.internal.dynamo.migration;

import static app.cruddur.ops.model.MigrationWorkers.CONTROL_EXPIRES;
import static app.cruddur.ops.model.MigrationWorkers.CONTROL_PK;
import static app.cruddur.ops.model.MigrationWorkers.CONTROL_SK;

import app.cruddur.ops.runner.internal.dynamo.TableSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A distributed run's checkpoints, in a control table in DynamoDB (not PostgreSQL: hundreds of
 * workers would each hold a database connection, and the workers run outside the VPC). A run is a
 * header item and an item per segment under {@code RUN#<id>}; a segment item holds its position,
 * its counts and a <b>lease</b> ({@code owner}, {@code lease_until}): a worker claims a segment
 * with a conditional update (unfinished, and unowned, its own or expired), records each page with
 * another (still its owner, and still at the page count it last saw), and renews the lease as it
 * goes; a worker killed mid-segment stops renewing, and once its lease expires another claims the
 * segment and reads on from its last recorded page. {@code STEP#<version>} lists a step's runs,
 * {@code READ#<id>} is the read log (every page read, by whom) and {@code BUDGET#<id>} the shared
 * budget's time slots ({@link SharedBudget}).
 *
 * <p>Longer than our usual class on purpose: like {@link Checkpoints}, it is the one place that
 * knows the control table's items and every statement on them.
 */
public final class ControlTable {
  private static final String RUN = "RUN";
  private static final AttributeValue TRUE = AttributeValue.fromBool(true);
  private static final AttributeValue FALSE = AttributeValue.fromBool(false);
  private static final Duration READ_LOG_KEPT = Duration.ofDays(14);

  /**
   * A distributed run as stored.
   *
   * @param id its id
   * @param step the step's version key ({@code V012})
   * @param checksum the step file's checksum
   * @param identity the table's identity when it started
   * @param table the messages table
   * @param segments how many segments
   * @param ceiling the write budget, units a second (empty: unlimited)
   * @param basis where the budget comes from
   * @param startedAt when it started
   * @param startedBy who started it
   * @param finished true when the coordinator recorded every segment done
   * @param stop the stop asked for its workers and pending, if any ({@link #requestStop})
   * @param stopsAsked stops asked for its workers so far
   * @param state each segment (the list index is the segment number)
   */
  public record Run(
      UUID id,
      String step,
      String checksum,
      String identity,
      String table,
      int segments,
      OptionalDouble ceiling,
      String basis,
      Instant startedAt,
      String startedBy,
      boolean finished,
      Optional<StopMark> stop,
      long stopsAsked,
      List<Checkpoints.Segment> state) {
    /** The counts of every segment added. */
    public MigrationCounts counts() {
      return state.stream()
          .map(Checkpoints.Segment::counts)
          .reduce(MigrationCounts.ZERO, MigrationCounts::plus);
    }

    /** Segments finished. */
    public int finishedSegments() {
      return (int) state.stream().filter(Checkpoints.Segment::finished).count();
    }

    /** True when every segment is finished. */
    public boolean allSegmentsFinished() {
      return finishedSegments() == segments;
    }
  }

  /**
   * A stop asked for a run's workers ({@code release --via --stop}): each ends after the page in
   * hand, recorded, until a release resumes the run ({@link #resumeAfterStop}).
   *
   * @param by who asked
   * @param at when
   */
  public record StopMark(String by, Instant at) {}

  /**
   * A segment claimed by a worker.
   *
   * @param state where it stands
   * @param pages pages recorded so far (the fence of the next record)
   * @param takenFrom the worker whose lease had expired, if it was taken over
   */
  record Claim(Checkpoints.Segment state, long pages, Optional<String> takenFrom) {}

  private final DynamoDbClient dynamo;
  private final String name;

  public ControlTable(DynamoDbClient dynamo, String name) {
    this.dynamo = dynamo;
    this.name = name;
  }

  /** The table's name. */
  public String name() {
    return name;
  }

  /**
   * The control table, created (pay per request, a string key pair, bookkeeping expiring through
   * {@code expires_at}) when missing and {@code create} allows it.
   *
   * @return false when it is missing and may not be created
   */
  public boolean ensure(boolean create) {
    if (TableSchema.describe(dynamo, name).isPresent()) {
      return true;
    }
    if (!create) {
      return false;
    }
    try {
      dynamo.createTable(
          b ->
              b.tableName(name)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(CONTROL_PK)
                          .attributeType(ScalarAttributeType.S)
                          .build(),
                      AttributeDefinition.builder()
                          .attributeName(CONTROL_SK)
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName(CONTROL_PK)
                          .keyType(KeyType.HASH)
                          .build(),
                      KeySchemaElement.builder()
                          .attributeName(CONTROL_SK)
                          .keyType(KeyType.RANGE)
                          .build()));
    } catch (software.amazon.awssdk.services.dynamodb.model.ResourceInUseException raced) {
      // another release or worker created it meanwhile
    }
    TableSchema.awaitActive(dynamo, name);
    try {
      dynamo.updateTimeToLive(
          b ->
              b.tableName(name)
                  .timeToLiveSpecification(t -> t.attributeName(CONTROL_EXPIRES).enabled(true)));
    } catch (DynamoDbException noTimeToLive) {
      // an emulator without TTL (dynalite): the bookkeeping stays, nothing else changes
    }
    return true;
  }

  /**
   * The run to continue for {@code step}: its newest with the same checksum and table identity,
   * unless it finished with failed items (then a new pass is needed).
   */
  public Optional<Run> resumable(String step, String checksum, String identity) {
    QueryRequest q =
        QueryRequest.builder()
            .tableName(name)
            .keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", CONTROL_PK))
            .expressionAttributeValues(Map.of(":pk", s("STEP#" + step)))
            .scanIndexForward(false)
            .consistentRead(true)
            .build();
    for (Map<String, AttributeValue> entry : dynamo.queryPaginator(q).items()) {
      if (!text(entry, "checksum").equals(checksum) || !text(entry, "identity").equals(identity)) {
        continue;
      }
      Optional<Run> run = run(UUID.fromString(text(entry, "run")));
      if (run.isEmpty() || run.get().finished() && run.get().counts().failed() > 0) {
        return Optional.empty();
      }
      return run;
    }
    return Optional.empty();
  }

  /** Starts a run of {@code segments} segments, each at the beginning, unowned. */
  public Run start(
      String step,
      String checksum,
      String identity,
      String table,
      int segments,
      OptionalDouble ceiling,
      String basis,
      String startedBy) {
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    List<WriteRequest> writes = new ArrayList<>();
    for (int segment = 0; segment < segments; segment++) {
      Map<String, AttributeValue> item = new HashMap<>(segmentKey(id, segment));
      item.put("finished", FALSE);
      item.put("pages", n(0));
      for (String count : COUNTS) {
        item.put(count, n(0));
      }
      writes.add(
          WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
    for (int from = 0; from < writes.size(); from += 25) {
      List<WriteRequest> batch = writes.subList(from, Math.min(writes.size(), from + 25));
      Map<String, List<WriteRequest>> unprocessed = Map.of(name, batch);
      while (!unprocessed.isEmpty() && !unprocessed.getOrDefault(name, List.of()).isEmpty()) {
        Map<String, List<WriteRequest>> send = unprocessed;
        unprocessed = dynamo.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
      }
    }
    Map<String, AttributeValue> header = new HashMap<>(key("RUN#" + id, RUN));
    header.put("step", s(step));
    header.put("checksum", s(checksum));
    header.put("identity", s(identity));
    header.put("table", s(table));
    header.put("segments", n(segments));
    header.put("basis", s(basis));
    ceiling.ifPresent(c -> header.put("ceiling", n(c)));
    ceiling.ifPresent(c -> header.put("rate", n(c)));
    header.put("halved_at", n(0));
    header.put("raised_at", n(0));
    header.put("started_at", s(now.toString()));
    header.put("started_by", s(startedBy));
    header.put("finished", FALSE);
    dynamo.putItem(b -> b.tableName(name).item(header));
    Map<String, AttributeValue> listed = new HashMap<>(key("STEP#" + step, now + "#" + id));
    listed.put("run", s(id.toString()));
    listed.put("checksum", s(checksum));
    listed.put("identity", s(identity));
    dynamo.putItem(b -> b.tableName(name).item(listed));
    return run(id).orElseThrow();
  }

  /** The run {@code id}, header and segments, read consistently. */
  public Optional<Run> run(UUID id) {
    Map<String, AttributeValue> header = header(id);
    if (header == null || header.isEmpty()) {
      return Optional.empty();
    }
    List<Checkpoints.Segment> state = new ArrayList<>();
    for (Map<String, AttributeValue> item : segmentItems(id)) {
      state.add(segment(item));
    }
    return Optional.of(
        new Run(
            id,
            text(header, "step"),
            text(header, "checksum"),
            text(header, "identity"),
            text(header, "table"),
            number(header, "segments").intValue(),
            header.containsKey("ceiling")
                ? OptionalDouble.of(number(header, "ceiling"))
                : OptionalDouble.empty(),
            text(header, "basis"),
            Instant.parse(text(header, "started_at")),
            text(header, "started_by"),
            header.get("finished").bool(),
            stopPending(header) ? lastStop(header) : Optional.empty(),
            number(header, "stops").longValue(),
            List.copyOf(state)));
  }

  /** Marks the run finished (every segment is). */
  public void finish(UUID id) {
    dynamo.updateItem(
        b ->
            b.tableName(name)
                .key(key("RUN#" + id, RUN))
                .updateExpression("SET finished = :t, finished_at = :at")
                .expressionAttributeValues(Map.of(":t", TRUE, ":at", s(Instant.now().toString()))));
  }

  /**
   * The unfinished segments of run {@code id} that {@code owner} may claim at {@code nowMillis}:
   * unowned, its own, or with an expired lease; and whether any segment is unfinished at all. Only
   * the segments in {@code only}, unless it is empty.
   */
  Claimable claimable(UUID id, String owner, long nowMillis, Set<Integer> only) {
    List<Integer> free = new ArrayList<>();
    boolean unfinished = false;
    for (Map<String, AttributeValue> item : segmentItems(id)) {
      if (item.get("finished").bool() || (!only.isEmpty() && !only.contains(segmentNumber(item)))) {
        continue;
      }
      unfinished = true;
      String holder = item.containsKey("owner") ? item.get("owner").s() : null;
      long until = item.containsKey("lease_until") ? number(item, "lease_until").longValue() : 0;
      if (holder == null || holder.equals(owner) || until < nowMillis) {
        free.add(segmentNumber(item));
      }
    }
    return new Claimable(free, unfinished);
  }

  /** What {@link #claimable} found. */
  record Claimable(List<Integer> segments, boolean anyUnfinished) {}

  /**
   * Claims {@code segment} for {@code owner} until {@code leaseUntilMillis}: when it is unfinished
   * and unowned, {@code owner}'s already, or its lease expired before {@code nowMillis}.
   */
  Optional<Claim> claim(UUID id, int segment, String owner, long nowMillis, long leaseUntilMillis) {
    try {
      Map<String, AttributeValue> old =
          dynamo
              .updateItem(
                  b ->
                      b.tableName(name)
                          .key(segmentKey(id, segment))
                          .updateExpression("SET #o = :me, lease_until = :until")
                          .conditionExpression(
                              "finished = :f AND (attribute_not_exists(#o) OR #o = :me OR"
                                  + " lease_until < :now)")
                          .expressionAttributeNames(Map.of("#o", "owner"))
                          .expressionAttributeValues(
                              Map.of(
                                  ":me", s(owner),
                                  ":until", n(leaseUntilMillis),
                                  ":f", FALSE,
                                  ":now", n(nowMillis)))
                          .returnValues(ReturnValue.ALL_OLD))
              .attributes();
      Optional<String> before =
          Optional.ofNullable(old.get("owner"))
              .map(AttributeValue::s)
              .filter(o -> !o.equals(owner));
      return Optional.of(new Claim(segment(old), number(old, "pages").longValue(), before));
    } catch (ConditionalCheckFailedException taken) {
      return Optional.empty();
    }
  }

  /** Renews {@code owner}'s lease of {@code segment}; false when it is no longer its own. */
  boolean renew(UUID id, int segment, String owner, long leaseUntilMillis) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(name)
                  .key(segmentKey(id, segment))
                  .updateExpression("SET lease_until = :until")
                  .conditionExpression("#o = :me AND finished = :f")
                  .expressionAttributeNames(Map.of("#o", "owner"))
                  .expressionAttributeValues(
                      Map.of(":me", s(owner), ":until", n(leaseUntilMillis), ":f", FALSE)));
      return true;
    } catch (ConditionalCheckFailedException lost) {
      return false;
    }
  }

  /** Gives {@code segment} up at once (a worker that stops before its end): anyone may claim it. */
  void release(UUID id, int segment, String owner) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(name)
                  .key(segmentKey(id, segment))
                  .updateExpression("SET lease_until = :zero")
                  .conditionExpression("#o = :me")
                  .expressionAttributeNames(Map.of("#o", "owner"))
                  .expressionAttributeValues(Map.of(":me", s(owner), ":zero", n(0))));
    } catch (ConditionalCheckFailedException notOurs) {
      // taken over meanwhile: nothing to give up
    }
  }

  /**
   * Moves {@code segment} past a page whose every item was handled — its new position (empty: the
   * segment is finished), the page's counts, the lease renewed — when {@code owner} still holds it
   * at {@code pages} pages.
   *
   * @return false when another worker took it over: the page is left to it
   */
  boolean pageDone(
      UUID id,
      int segment,
      String owner,
      long pages,
      Optional<Map<String, AttributeValue>> next,
      MigrationCounts page,
      long leaseUntilMillis) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":me", s(owner));
    values.put(":pages", n(pages));
    values.put(":one", n(1));
    values.put(":until", n(leaseUntilMillis));
    values.put(":fin", AttributeValue.fromBool(next.isEmpty()));
    long[] counts = {
      page.scanned(), page.changed(), page.alreadyDone(),
      page.skipped(), page.changedElsewhere(), page.failed()
    };
    StringBuilder add = new StringBuilder(" ADD pages :one");
    for (int i = 0; i < COUNTS.size(); i++) {
      values.put(":c" + i, n(counts[i]));
      add.append(", ").append(COUNTS.get(i)).append(" :c").append(i);
    }
    String set = "SET finished = :fin, lease_until = :until";
    String position;
    if (next.isPresent()) {
      values.put(":pos", s(Checkpoints.toJson(next.get())));
      position = ", #p = :pos";
    } else {
      position = "";
    }
    String expression = set + position + add + (next.isEmpty() ? " REMOVE #p" : "");
    try {
      dynamo.updateItem(
          b ->
              b.tableName(name)
                  .key(segmentKey(id, segment))
                  .updateExpression(expression)
                  .conditionExpression("#o = :me AND pages = :pages")
                  .expressionAttributeNames(Map.of("#o", "owner", "#p", "position"))
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException takenOverOrLanded) {
      // an SDK retry of this very update, whose first attempt landed, fails its own fence
      Map<String, AttributeValue> now =
          dynamo
              .getItem(b -> b.tableName(name).key(segmentKey(id, segment)).consistentRead(true))
              .item();
      return now.containsKey("owner")
          && now.get("owner").s().equals(owner)
          && number(now, "pages").longValue() == pages + 1
          && Objects.equals(
              Optional.ofNullable(now.get("position")).map(AttributeValue::s),
              next.map(Checkpoints::toJson));
    }
  }

  /** Pages recorded over every segment of run {@code id}. */
  public long pages(UUID id) {
    long pages = 0;
    for (Map<String, AttributeValue> item : segmentItems(id)) {
      pages += number(item, "pages").longValue();
    }
    return pages;
  }

  /**
   * Where run {@code id} stood when a release workflow's slice handed its unfinished segments to
   * the workers.
   *
   * @param finished segments finished
   * @param scanned items read
   * @param handOffs hand-offs of the run so far, this one included
   */
  public record HandOff(int finished, long scanned, long handOffs) {}

  /**
   * Records a hand-off of run {@code id} standing at {@code finished} segments and {@code scanned}
   * items read.
   *
   * @return where it stood at the hand-off before, if one is recorded
   */
  public Optional<HandOff> handOff(UUID id, int finished, long scanned) {
    Map<String, AttributeValue> old =
        updateHeader(
            id,
            b ->
                b.updateExpression(
                        "SET handed_finished = :f, handed_scanned = :s ADD hand_offs :one")
                    .expressionAttributeValues(
                        Map.of(":f", n(finished), ":s", n(scanned), ":one", n(1))));
    if (old == null || !old.containsKey("handed_finished")) {
      return Optional.empty();
    }
    return Optional.of(
        new HandOff(
            number(old, "handed_finished").intValue(),
            number(old, "handed_scanned").longValue(),
            number(old, "hand_offs").longValue()));
  }

  /** Forgets run {@code id}'s hand-offs: the next one starts afresh (a new workflow's). */
  public void forgetHandOffs(UUID id) {
    dynamo.updateItem(
        b ->
            b.tableName(name)
                .key(key("RUN#" + id, RUN))
                .updateExpression("REMOVE handed_finished, handed_scanned, hand_offs"));
  }

  /** The id of {@code step}'s newest run, if any. */
  public Optional<UUID> latestRun(String step) {
    return dynamo
        .query(
            b ->
                b.tableName(name)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", CONTROL_PK))
                    .expressionAttributeValues(Map.of(":pk", s("STEP#" + step)))
                    .scanIndexForward(false)
                    .limit(1)
                    .consistentRead(true))
        .items()
        .stream()
        .findFirst()
        .map(i -> UUID.fromString(text(i, "run")));
  }

  /**
   * Records in the read log that {@code reader} read a page of {@code segment} from {@code from}.
   */
  void pageRead(
      UUID id,
      int segment,
      Optional<Map<String, AttributeValue>> from,
      int items,
      String reader,
      long atMillis) {
    Map<String, AttributeValue> item =
        new HashMap<>(
            key(
                "READ#" + id,
                String.format(
                    Locale.ROOT,
                    "%05d#%013d#%08x",
                    segment,
                    atMillis,
                    ThreadLocalRandom.current().nextInt())));
    from.ifPresent(f -> item.put("from", s(Checkpoints.toJson(f))));
    item.put("items", n(items));
    item.put("reader", s(reader));
    item.put("at", n(atMillis));
    item.put(CONTROL_EXPIRES, n(Instant.now().plus(READ_LOG_KEPT).getEpochSecond()));
    dynamo.putItem(b -> b.tableName(name).item(item));
  }

  /**
   * One page read, as the read log has it.
   *
   * @param segment the segment
   * @param from where the page started (empty: the segment's beginning)
   * @param reader who read it
   * @param atMillis when
   */
  public record PageRead(
      int segment, Optional<String> from, int items, String reader, long atMillis) {}

  /** Every page read in run {@code id}, by segment then time. */
  public List<PageRead> reads(UUID id) {
    List<PageRead> reads = new ArrayList<>();
    for (Map<String, AttributeValue> item : itemsOf("READ#" + id, Optional.empty())) {
      reads.add(
          new PageRead(
              Integer.parseInt(text(item, CONTROL_SK).substring(0, 5)),
              Optional.ofNullable(item.get("from")).map(AttributeValue::s),
              number(item, "items").intValue(),
              text(item, "reader"),
              number(item, "at").longValue()));
    }
    return reads;
  }

  // --- a stop asked for the run's workers ---

  /**
   * The stops asked for a run's workers: how many so far ({@code stops}), how many a release had
   * met when it last resumed the run ({@code stops_resumed}), and the last one's asker and time.
   *
   * @param asked stops asked so far
   * @param pending more asked than a release has resumed the run past
   * @param last the last one asked, if any
   */
  record Stops(long asked, boolean pending, Optional<StopMark> last) {}

  /**
   * Asks the workers of run {@code id} to stop after the page in hand: counts a stop on its header
   * and says who asked and when, only if the run is there, unfinished and of {@code checksum}
   * (never creating a run). A worker stops once it sees a stop pending, or more stops than when it
   * began (so one that missed the mark before a release resumed the run stops all the same).
   *
   * @return false when there is no such unfinished run
   */
  public boolean requestStop(UUID id, String checksum, String by, Instant at) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(name)
                  .key(key("RUN#" + id, RUN))
                  .updateExpression("SET stop_by = :by, stop_at = :at ADD stops :one")
                  .conditionExpression("attribute_exists(#pk) AND finished = :f AND checksum = :c")
                  .expressionAttributeNames(Map.of("#pk", CONTROL_PK))
                  .expressionAttributeValues(
                      Map.of(
                          ":by",
                          s(by),
                          ":at",
                          s(at.toString()),
                          ":one",
                          n(1),
                          ":f",
                          FALSE,
                          ":c",
                          s(checksum))));
      return true;
    } catch (ConditionalCheckFailedException noSuchRun) {
      return false;
    }
  }

  /** The stops asked for run {@code id}'s workers: one consistent read of its header. */
  Stops stops(UUID id) {
    Map<String, AttributeValue> h = header(id, "stops, stops_resumed, stop_by, stop_at");
    return h == null
        ? new Stops(0, false, Optional.empty())
        : new Stops(number(h, "stops").longValue(), stopPending(h), lastStop(h));
  }

  /**
   * A release resumes run {@code id} past the stops asked so far ({@code asked}): none is pending
   * for its workers (one asked meanwhile is).
   */
  public void resumeAfterStop(UUID id, long asked) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(name)
                  .key(key("RUN#" + id, RUN))
                  .updateExpression("SET stops_resumed = :n")
                  .conditionExpression("stops = :n")
                  .expressionAttributeValues(Map.of(":n", n(asked))));
    } catch (ConditionalCheckFailedException askedAgain) {
      // another stop was asked meanwhile: it holds
    }
  }

  /** True while a stop is pending: more asked than a release resumed the run past. */
  private static boolean stopPending(Map<String, AttributeValue> header) {
    return number(header, "stops") > number(header, "stops_resumed");
  }

  private static Optional<StopMark> lastStop(Map<String, AttributeValue> header) {
    return header.containsKey("stop_at")
        ? Optional.of(new StopMark(text(header, "stop_by"), Instant.parse(text(header, "stop_at"))))
        : Optional.empty();
  }

  // --- the shared budget's statements (SharedBudget) ---

  /**
   * A distributed run's budget now: its rate, the ceiling in force (the step's budget, or lower as
   * {@link #lowerBudget} set it) and when it was last halved and raised (epoch ms).
   */
  public record Rate(double rate, double ceiling, long halvedAt, long raisedAt) {}

  /** Run {@code id}'s budget now, read consistently. */
  public Rate rate(UUID id) {
    Map<String, AttributeValue> h = header(id, "rate, ceiling, halved_at, raised_at");
    return new Rate(
        number(h, "rate"),
        number(h, "ceiling"),
        number(h, "halved_at").longValue(),
        number(h, "raised_at").longValue());
  }

  /** Why {@link #lowerBudget} did not set the budget. */
  public enum BudgetRefused {
    /** No such run, or it finished. */
    NOT_RUNNING,
    /** The run has no budget (an unlimited step): there is no rate to set. */
    UNLIMITED,
    /** Above the step's own budget. */
    ABOVE_STEP_BUDGET
  }

  /**
   * A budget set while the run goes on, or why not.
   *
   * @param refused why it was not set; empty when it was
   * @param before the ceiling in force before (0 when there was none)
   * @param stepBudget the step's own budget, which a change never exceeds (0 when there is none)
   */
  public record BudgetSet(Optional<BudgetRefused> refused, double before, double stepBudget) {}

  /**
   * Sets run {@code id}'s ceiling and rate to {@code ceiling} units a second, at most the step's
   * own budget (kept as {@code step_ceiling} at the first change). It stamps {@code halved_at} and
   * {@code raised_at} so that a worker's halving or raising read before it does not land after it:
   * every worker's bucket takes the new rate at its next read of the header (once a second).
   *
   * @return the budget before, or why it was not set: the run is not running, is unlimited, or
   *     {@code ceiling} is above the step's budget
   */
  public BudgetSet lowerBudget(UUID id, double ceiling, long nowMillis) {
    try {
      Map<String, AttributeValue> old =
          updateHeader(
              id,
              b ->
                  b.updateExpression(
                          "SET step_ceiling = if_not_exists(step_ceiling, ceiling),"
                              + " ceiling = :c, rate = :c, halved_at = :now, raised_at = :now")
                      .conditionExpression(
                          "attribute_exists(ceiling) AND finished = :f AND"
                              + " (attribute_exists(step_ceiling) AND step_ceiling >= :c"
                              + " OR attribute_not_exists(step_ceiling) AND ceiling >= :c)")
                      .expressionAttributeValues(
                          Map.of(":c", n(ceiling), ":now", n(nowMillis), ":f", FALSE)));
      return new BudgetSet(
          Optional.empty(),
          number(old, "ceiling"),
          old.containsKey("step_ceiling") ? number(old, "step_ceiling") : number(old, "ceiling"));
    } catch (ConditionalCheckFailedException refused) {
      Map<String, AttributeValue> h = header(id);
      if (h == null || h.isEmpty() || h.get("finished").bool()) {
        return new BudgetSet(Optional.of(BudgetRefused.NOT_RUNNING), 0, 0);
      }
      if (!h.containsKey("ceiling")) {
        return new BudgetSet(Optional.of(BudgetRefused.UNLIMITED), 0, 0);
      }
      return new BudgetSet(
          Optional.of(BudgetRefused.ABOVE_STEP_BUDGET),
          number(h, "ceiling"),
          number(h, h.containsKey("step_ceiling") ? "step_ceiling" : "ceiling"));
    }
  }

  /**
   * Sets the run's rate to {@code rate} when {@code column} ({@code halved_at} or {@code
   * raised_at}) is still {@code seen}: one worker changes it for everyone, once per change.
   */
  boolean changeRate(UUID id, String column, long seen, double rate, long nowMillis) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(name)
                  .key(key("RUN#" + id, RUN))
                  .updateExpression(
                      "SET rate = :rate, "
                          + column
                          + " = :now"
                          + ("halved_at".equals(column) ? ", raised_at = :now" : ""))
                  .conditionExpression(column + " = :seen")
                  .expressionAttributeValues(
                      Map.of(":rate", n(rate), ":now", n(nowMillis), ":seen", n(seen))));
      return true;
    } catch (ConditionalCheckFailedException another) {
      return false;
    }
  }

  /**
   * Takes {@code units} of second {@code slot}'s {@code limit} for the run: granted when the slot's
   * writes stay within it.
   */
  boolean take(UUID id, long slot, double units, double limit) {
    try {
      dynamo.updateItem(
          b ->
              b.tableName(name)
                  .key(key("BUDGET#" + id, String.format(Locale.ROOT, "%013d", slot)))
                  .updateExpression("ADD used :n SET " + CONTROL_EXPIRES + " = :exp")
                  .conditionExpression("attribute_not_exists(used) OR used <= :rest")
                  .expressionAttributeValues(
                      Map.of(
                          ":n", n(units),
                          ":rest", n(limit - units),
                          ":exp", n(slot + Duration.ofDays(1).toSeconds()))));
      return true;
    } catch (ConditionalCheckFailedException full) {
      return false;
    }
  }

  /** Units taken in each second of run {@code id}'s budget (epoch second → units). */
  public Map<Long, Double> slots(UUID id) {
    Map<Long, Double> slots = new java.util.TreeMap<>();
    for (Map<String, AttributeValue> item : itemsOf("BUDGET#" + id, Optional.empty())) {
      slots.put(Long.parseLong(text(item, CONTROL_SK)), number(item, "used"));
    }
    return slots;
  }

  // --- items ---

  /** Run {@code id}'s header, read consistently (empty or null when there is none). */
  private Map<String, AttributeValue> header(UUID id) {
    return dynamo
        .getItem(b -> b.tableName(name).key(key("RUN#" + id, RUN)).consistentRead(true))
        .item();
  }

  /** Only {@code attributes} (a projection) of run {@code id}'s header, read consistently. */
  private Map<String, AttributeValue> header(UUID id, String attributes) {
    return dynamo
        .getItem(
            b ->
                b.tableName(name)
                    .key(key("RUN#" + id, RUN))
                    .consistentRead(true)
                    .projectionExpression(attributes))
        .item();
  }

  /** Updates run {@code id}'s header as {@code update} says; what it held before. */
  private Map<String, AttributeValue> updateHeader(
      UUID id, Consumer<UpdateItemRequest.Builder> update) {
    return dynamo
        .updateItem(
            b -> {
              b.tableName(name).key(key("RUN#" + id, RUN)).returnValues(ReturnValue.ALL_OLD);
              update.accept(b);
            })
        .attributes();
  }

  private static final List<String> COUNTS =
      List.of("scanned", "changed", "already_done", "skipped", "changed_elsewhere", "failed");

  private Iterable<Map<String, AttributeValue>> segmentItems(UUID id) {
    return itemsOf("RUN#" + id, Optional.of("SEG#"));
  }

  private Iterable<Map<String, AttributeValue>> itemsOf(String pk, Optional<String> prefix) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":pk", s(pk));
    prefix.ifPresent(p -> values.put(":p", s(p)));
    QueryRequest q =
        QueryRequest.builder()
            .tableName(name)
            .keyConditionExpression(
                "#pk = :pk" + (prefix.isPresent() ? " AND begins_with(#sk, :p)" : ""))
            .expressionAttributeNames(
                prefix.isPresent()
                    ? Map.of("#pk", CONTROL_PK, "#sk", CONTROL_SK)
                    : Map.of("#pk", CONTROL_PK))
            .expressionAttributeValues(values)
            .consistentRead(true)
            .build();
    return dynamo.queryPaginator(q).items();
  }

  private static Checkpoints.Segment segment(Map<String, AttributeValue> item) {
    return new Checkpoints.Segment(
        segmentNumber(item),
        Optional.ofNullable(item.get("position")).map(p -> Checkpoints.fromJson(p.s())),
        item.get("finished").bool(),
        new MigrationCounts(
            number(item, "scanned").longValue(),
            number(item, "changed").longValue(),
            number(item, "already_done").longValue(),
            number(item, "skipped").longValue(),
            number(item, "changed_elsewhere").longValue(),
            number(item, "failed").longValue()));
  }

  private static int segmentNumber(Map<String, AttributeValue> item) {
    return Integer.parseInt(item.get(CONTROL_SK).s().substring("SEG#".length()));
  }

  private static Map<String, AttributeValue> segmentKey(UUID id, int segment) {
    return key("RUN#" + id, String.format(Locale.ROOT, "SEG#%05d", segment));
  }

  private static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(CONTROL_PK, s(pk), CONTROL_SK, s(sk));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(double value) {
    return AttributeValue.fromN(
        value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
  }

  private static String text(Map<String, AttributeValue> item, String attribute) {
    return item.get(attribute).s();
  }

  private static Double number(Map<String, AttributeValue> item, String attribute) {
    AttributeValue v = item.get(attribute);
    return v == null ? 0.0 : Double.valueOf(v.n());
  }
}
