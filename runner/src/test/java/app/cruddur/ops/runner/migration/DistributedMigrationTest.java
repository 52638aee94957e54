package app.cruddur.ops.runner.migration;

import static app.cruddur.ops.runner.migration.MigrationStepTest.assertTable;
import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.ReleaseResult;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.WorkerAnswer;
import app.cruddur.ops.runner.api.WorkerRequest;
import app.cruddur.ops.runner.internal.dynamo.migration.ControlTable;
import app.cruddur.ops.runner.internal.dynamo.migration.MigrationCounts;
import app.cruddur.ops.runner.internal.dynamo.migration.MigrationEngine;
import app.cruddur.ops.runner.internal.dynamo.migration.MigrationWorker;
import app.cruddur.ops.runner.internal.dynamo.migration.WorkerInvocation;
import app.cruddur.ops.runner.internal.release.DefaultStepKinds;
import app.cruddur.ops.runner.internal.step.StepCatalog;
import app.cruddur.ops.runner.internal.step.StepDefinition;
import app.cruddur.ops.runner.testing.Cli;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Distributed {@code dynamodb-migration} runs on the real local engine: a release with {@code
 * --workers N} (real worker processes) leaves the table as one process does and records the step
 * once with the run's totals; a worker killed with SIGKILL mid-segment is taken over by another,
 * whose reads start at the killed one's last recorded page; and workers in one JVM (the same {@link
 * MigrationWorker} the processes run) share one write budget — never above it in any second,
 * counted as the writes are sent — and never overwrite an item the app changed between a read and a
 * write ({@code SharedBudgetTest}: throttling backs the whole run off); and the worker Lambda's
 * invocations, driven as the release workflow's Map children drive them, finish their segments in
 * slices item for item. Small tables: these pay for worker JVMs.
 */
@ExtendWith(SharedLocalEnvironment.class)
class DistributedMigrationTest {

  @Test
  void workersInOneJvmReKeyTheTableItemForItemAsOneProcessDoesReadingEachPageOnce()
      throws Exception {
    MigrationCase c = MigrationCase.RE_KEY;
    MigrationStepTest.Setup s = MigrationStepTest.setUp(c, "workers-re-key", 4, 5, "", 16, 2);
    Cli.Result plan = s.run("release", "--plan", "--workers", "3");
    assertThat(plan.out())
        .as("moto undoes concurrent writes when it cancels a transaction: a release moves on one")
        .contains("distributed over 1 local worker process (moves on this engine: one at a time)");

    // the workers' protocol itself, on two workers: no move here is cancelled (no app write)
    UUID run = runInThisJvm(s, 4, OptionalDouble.empty(), 2);

    assertTable(s.table(), c.expectedTable(s.items()), "after two workers");
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      ControlTable control = control(dynamo, s);
      MigrationCounts counts = control.run(run).orElseThrow().counts();
      assertThat(counts.scanned()).isEqualTo(s.items().size());
      assertThat(counts.changed()).isEqualTo(c.changes(s.items()));
      assertThat(counts.changedElsewhere() + counts.failed()).isZero();
      List<ControlTable.PageRead> reads = control.reads(run);
      assertThat(reads.stream().map(r -> r.segment() + " " + r.from()).distinct().count())
          .as("no page read twice")
          .isEqualTo(reads.size());
    }
  }

  @Test
  void aWorkerKilledMidSegmentIsTakenOverFromItsLastRecordedPage() throws Exception {
    MigrationCase c = MigrationCase.SET_ATTRIBUTE;
    MigrationStepTest.Setup s =
        MigrationStepTest.setUp(
            c, "workers-kill", 4, 4, "budget: {max_items_per_second: 16}", 48, 4);
    Cli.Result plan = s.run("release", "--plan", "--workers", "2");
    assertThat(plan.out())
        .as(plan.toString())
        .contains("distributed over 2 local worker processes")
        .contains("one budget for all of 16/s (max_items_per_second 16.0)")
        .contains("about 4 s for 56 items");
    CompletableFuture<ReleaseResult> running =
        CompletableFuture.supplyAsync(
            () -> {
              try (Release release =
                  s.target()
                      .release(s.project().dir())
                      .workers(2)
                      .workerLease(Duration.ofSeconds(2))
                      .load()) {
                return release.apply();
              }
            });
    String killed = null;
    int killedSegment = -1;
    long killedAt = 0;
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      ControlTable control =
          new ControlTable(dynamo, MigrationWorkers.controlTableFor(s.target().table()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (killed == null && System.nanoTime() < deadline && !running.isDone()) {
        Optional<UUID> run = runOf(control, s);
        if (run.isPresent()) {
          for (var item : segmentsMidway(dynamo, control, run.get())) {
            killed = item.get("owner").s();
            killedSegment = Integer.parseInt(item.get("sk").s().substring(4));
            long pid = Long.parseLong(killed.substring(killed.lastIndexOf(' ') + 1));
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
            killedAt = System.currentTimeMillis();
            break;
          }
        }
        Thread.sleep(20);
      }
      assertThat(killed).as("a worker was killed in the middle of a segment").isNotNull();

      ReleaseResult result = running.get(120, TimeUnit.SECONDS);

      assertTable(s.table(), c.expectedTable(s.items()), "after the kill, finished by the other");
      JsonNode d = result.applied().get(0).details();
      UUID run = UUID.fromString(d.get("runId").asText());
      List<ControlTable.PageRead> reads = control.reads(run);
      String deadWorker = killed;
      int segment = killedSegment;
      long at = killedAt;
      List<ControlTable.PageRead> after =
          reads.stream().filter(r -> r.segment() == segment && r.atMillis() > at).toList();
      assertThat(after).as("segment " + segment + " read on after the kill").isNotEmpty();
      assertThat(after).allSatisfy(r -> assertThat(r.reader()).isNotEqualTo(deadWorker));
      Map<String, Long> readCount =
          reads.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.segment() + " " + r.from(), TreeMap::new, Collectors.counting()));
      Set<String> readTwice =
          readCount.entrySet().stream()
              .filter(e -> e.getValue() > 1)
              .map(Map.Entry::getKey)
              .collect(Collectors.toSet());
      Set<Integer> deadSegments =
          reads.stream()
              .filter(r -> r.reader().equals(deadWorker))
              .map(ControlTable.PageRead::segment)
              .collect(Collectors.toSet());
      assertThat(readTwice)
          .as("pages read twice: only the page each segment of the killed worker was on")
          .allSatisfy(p -> assertThat(deadSegments).contains(Integer.parseInt(p.split(" ")[0])));
      assertThat(readTwice.size()).isLessThanOrEqualTo(deadSegments.size());
      long reread =
          reads.stream()
              .filter(r -> readTwice.contains(r.segment() + " " + r.from()))
              .filter(r -> r.reader().equals(deadWorker))
              .mapToLong(ControlTable.PageRead::items)
              .sum();
      assertThat(d.get("scanned").asLong())
          .as("every item counted once, the killed page's items met again as already done")
          .isEqualTo(s.items().size());
      assertThat(reread).isLessThanOrEqualTo(4L * deadSegments.size());
      assertThat(d.get("changedElsewhere").asLong() + d.get("failed").asLong()).isZero();
      assertThat(d.get("changed").asLong())
          .as("changed: every change, less those of the killed page met again as already done")
          .isBetween(c.changes(s.items()) - reread, c.changes(s.items()));
      assertThat(MigrationStepTest.rows(s.target(), "cruddur_release_ledger"))
          .as("the step recorded once, when every segment was done")
          .isEqualTo(1);
      assertThat(MigrationStepTest.rows(s.target(), "cruddur_migration_run"))
          .as("no checkpoint in PostgreSQL: the workers never open it")
          .isZero();
      assertThat(control.run(run).orElseThrow().finished()).isTrue();
    }
  }

  @Test
  void workersShareOneBudgetAndNeverOverwriteTheAppsWrite() throws Exception {
    MigrationCase c = MigrationCase.SET_ATTRIBUTE;
    int rate = 20;
    MigrationStepTest.Setup s =
        MigrationStepTest.setUp(
            c, "workers-budget", 6, 5, "budget: {max_items_per_second: " + rate + "}", 48, 4);
    Map<String, AttributeValue> victim =
        s.items().stream().filter(i -> !c.expected(i).equals(i)).findFirst().orElseThrow();
    Map<String, AttributeValue> newer = new LinkedHashMap<>(victim);
    newer.put("user_handle", AttributeValue.fromS("AndrewB"));
    SentWrites sent = new SentWrites(s.target().table());
    MigrationStepTest.AppWritesFirst app =
        new MigrationStepTest.AppWritesFirst(s.target(), victim, newer);
    UUID run = runInThisJvm(s, 6, OptionalDouble.of(rate), 3, sent, app);
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      ControlTable control = control(dynamo, s);
      assertThat(app.wrote.get()).as("the app wrote between a read and a write").isTrue();
      Map<String, Map<String, AttributeValue>> expected = c.expectedTable(s.items());
      expected.remove(MessagesFixture.key(c.expected(victim)));
      expected.put(MessagesFixture.key(newer), newer);
      assertTable(s.table(), expected, "the app's newer item as it wrote it, the rest migrated");
      assertThat(control.run(run).orElseThrow().counts().changedElsewhere()).isEqualTo(1);
      assertThat(control.slots(run).values())
          .as("units taken in each second of the shared bucket")
          .allSatisfy(used -> assertThat(used).isLessThanOrEqualTo(rate));
      Map<Long, Long> perSecond = sent.perSecond();
      assertThat(perSecond.values().stream().mapToLong(Long::longValue).sum())
          .as("conditional writes sent")
          .isGreaterThanOrEqualTo(c.changes(s.items()));
      // a write whose units were taken in the last instant of a second may be sent in the next:
      // at most the six writers in flight
      assertThat(perSecond.values())
          .as("writes sent by all workers in each second (the budget is " + rate + "/s)")
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(rate + 6L));
    }
  }

  @Test
  void aBudgetLoweredWhileTheRunGoesOnSlowsEveryWorkerWithinARefill() throws Exception {
    MigrationCase c = MigrationCase.SET_ATTRIBUTE;
    int rate = 40;
    int lowered = rate / 4;
    MigrationStepTest.Setup s =
        MigrationStepTest.setUp(
            c, "workers-lowered", 6, 4, "budget: {max_items_per_second: " + rate + "}", 96, 4);
    SentWrites sent = new SentWrites(s.target().table());
    // after the first writes, from a worker's own write: the operator's command, then status
    java.util.concurrent.atomic.AtomicLong loweredAt = new java.util.concurrent.atomic.AtomicLong();
    LowerAfter lower =
        new LowerAfter(
            s.target().table(),
            6,
            () -> {
              Cli.Result budget =
                  s.run(
                      "ddb",
                      "budget",
                      MigrationStepTest.version(c),
                      "--max-items-per-second",
                      String.valueOf(lowered));
              loweredAt.set(System.currentTimeMillis());
              Cli.Result status = s.run("status");
              return List.of(budget, status);
            });
    UUID run = runInThisJvm(s, 6, OptionalDouble.of(rate), 3, sent, lower);

    assertThat(lower.results).as("the budget was lowered mid-run").hasSize(2);
    Cli.Result budget = lower.results.get(0);
    assertThat(budget.exitCode()).as(budget.toString()).isZero();
    assertThat(budget.out()).contains("budget 10/s (was 40/s; the step's own 40/s)");
    assertThat(lower.results.get(1).out())
        .as("status while it runs")
        .contains(MigrationStepTest.version(c) + " distributed:")
        .contains("budget 10/s");
    assertTable(s.table(), c.expectedTable(s.items()), "migrated at the lowered budget");
    long changedAt = loweredAt.get() / 1000;
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      ControlTable control = control(dynamo, s);
      Map<Long, Double> slots = control.slots(run);
      assertThat(slots.keySet())
          .as("seconds worked after the change")
          .anyMatch(t -> t > changedAt + 1);
      // a worker reads the header again every second: from the second after next, the new budget
      assertThat(slots.entrySet())
          .filteredOn(e -> e.getKey() > changedAt + 1)
          .as("units taken in each second after the change (lowered to " + lowered + "/s)")
          .allSatisfy(e -> assertThat(e.getValue()).isLessThanOrEqualTo(lowered));
      assertThat(sent.perSecond().entrySet())
          .filteredOn(e -> e.getKey() > changedAt + 1)
          .as("writes sent in each second after the change, at most the six in flight over it")
          .allSatisfy(e -> assertThat(e.getValue()).isLessThanOrEqualTo(lowered + 6L));
      Map<Long, Long> after = new TreeMap<>(sent.perSecond()).tailMap(changedAt + 2);
      assertThat(after.values().stream().mapToLong(Long::longValue).sum())
          .as("writes sent over the " + after.size() + " seconds after the change")
          .isLessThanOrEqualTo(lowered * (long) after.size() + 6L);
    }
    String version = MigrationStepTest.version(c);
    Cli.Result above = s.run("ddb", "budget", version, "--max-items-per-second", "80");
    assertThat(above.exitCode()).as(above.toString()).isEqualTo(2);
    assertThat(above.err()).contains("80/s is above " + version + "'s own budget of 40/s");
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      control(dynamo, s).finish(run); // as the release does once every segment is done
    }
    Cli.Result finished = s.run("ddb", "budget", version, "--max-items-per-second", "5");
    assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(2);
    assertThat(finished.err()).contains("no distributed run of " + version + " is going on");
  }

  @Test
  void workerLambdasDrivenLikeMapChildrenFinishTheirSegmentsInSlicesItemForItem() throws Exception {
    MigrationCase c = MigrationCase.SET_ATTRIBUTE;
    int rate = 40;
    MigrationStepTest.Setup s =
        MigrationStepTest.setUp(
            c, "workers-lambda", 4, 4, "budget: {max_items_per_second: " + rate + "}", 40, 4);
    StepDefinition step =
        StepCatalog.load(s.project().dir(), DefaultStepKinds.all()).steps().get(0);
    List<List<Integer>> items = List.of(List.of(2, 0), List.of(3, 1));
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      ControlTable control = control(dynamo, s);
      control.ensure(true);
      UUID run =
          control
              .start(
                  step.id().key(),
                  step.checksum(),
                  "test",
                  s.target().table(),
                  4,
                  OptionalDouble.of(rate),
                  "test",
                  "test")
              .id();
      // two Map children at once, each invoking the worker until it answers done, every
      // invocation with a short deadline (a slice's remaining time less the margin: 400 ms) on a
      // clock of the child's own on which each page it reads takes a second: so every invocation
      // runs out of time with its first pages in hand, on a quiet machine as on a loaded one
      List<CompletableFuture<List<WorkerAnswer>>> children = new ArrayList<>();
      for (int child = 0; child < items.size(); child++) {
        // the event as the child workflow's Work state sends it
        WorkerRequest request =
            WorkerRequest.fromEvent(
                Json.mapper()
                    .readTree(
                        """
                        {"run": "%s", "step": "%s", "controlTable": "%s", "segments": %s,
                         "owner": "arn:child:%d", "workers": 2, "marginSeconds": 60}
                        """
                            .formatted(
                                run, step.id().key(), control.name(), items.get(child), child)));
        String owner = "arn:child:" + child;
        LongSupplier clock =
            () ->
                1_000L * control.reads(run).stream().filter(r -> r.reader().equals(owner)).count();
        children.add(
            CompletableFuture.supplyAsync(
                () -> {
                  List<WorkerAnswer> answers = new ArrayList<>();
                  WorkerAnswer answer;
                  do {
                    answer =
                        WorkerInvocation.work(
                            dynamo,
                            s.project().dir(),
                            DefaultStepKinds.all(),
                            request,
                            Duration.ofMillis(60_400),
                            UnaryOperator.identity(),
                            clock);
                    answers.add(answer);
                  } while (answer.outcome() == MigrationWorkers.Outcome.MORE
                      && answers.size() < 200);
                  return answers;
                }));
      }
      // meanwhile, status reads the run's progress from the control table
      ReleaseStatus midway;
      try (Release release = s.target().release(s.project().dir()).load()) {
        midway = release.status();
      }
      long changed = 0;
      for (int child = 0; child < items.size(); child++) {
        List<WorkerAnswer> answers = children.get(child).get(120, TimeUnit.SECONDS);
        WorkerAnswer last = answers.get(answers.size() - 1);
        assertThat(last.toJson().path("outcome").asText()).as(answers.toString()).isEqualTo("done");
        assertThat(last.segmentsLeft()).isEmpty();
        assertThat(last.segmentsFinished()).containsExactlyInAnyOrderElementsOf(items.get(child));
        assertThat(answers.size()).as("a child's segments take several slices").isGreaterThan(1);
        long held = items.get(child).size();
        assertThat(answers)
            .as("each slice reads a page of each segment it holds, and stops once it recorded them")
            .allSatisfy(a -> assertThat(a.pagesRead()).isBetween(1L, held));
        changed += answers.stream().mapToLong(WorkerAnswer::changed).sum();
      }

      assertThat(midway.distributed())
          .as("a pending step's distributed run, as status shows it while it runs")
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.run()).isEqualTo(run.toString());
                assertThat(d.step()).isEqualTo(step.id().key());
                assertThat(d.segments()).isEqualTo(4);
                assertThat(d.segmentsDone()).isBetween(0, 4);
                assertThat(d.describe())
                    .startsWith(step.id().key() + " distributed: " + d.segmentsDone() + "/4");
              });

      assertTable(s.table(), c.expectedTable(s.items()), "after the map's children");
      ControlTable.Run after = control.run(run).orElseThrow();
      assertThat(after.allSegmentsFinished()).isTrue();
      assertThat(after.counts().scanned()).isEqualTo(s.items().size());
      assertThat(after.counts().changed()).isEqualTo(c.changes(s.items())).isEqualTo(changed);
      List<ControlTable.PageRead> reads = control.reads(run);
      assertThat(reads.stream().map(r -> r.segment() + " " + r.from()).distinct().count())
          .as("no page read twice: each slice goes on from the page its predecessor recorded")
          .isEqualTo(reads.size());
      assertThat(reads)
          .as("each segment read by its own child only")
          .allSatisfy(
              r ->
                  assertThat(r.reader())
                      .isEqualTo("arn:child:" + (items.get(0).contains(r.segment()) ? 0 : 1)));
      assertThat(control.slots(run).values())
          .as("units taken in each second of the shared bucket")
          .allSatisfy(used -> assertThat(used).isLessThanOrEqualTo(rate));
    }
  }

  private static ControlTable control(DynamoDbClient dynamo, MigrationStepTest.Setup s) {
    return new ControlTable(dynamo, MigrationWorkers.controlTableFor(s.target().table()));
  }

  /**
   * A run of the setup's step started in its control table and worked to its end by {@code workers}
   * {@link MigrationWorker}s on threads of this JVM, each with a client of its own.
   */
  private static UUID runInThisJvm(
      MigrationStepTest.Setup s,
      int segments,
      OptionalDouble rate,
      int workers,
      ExecutionInterceptor... interceptors)
      throws Exception {
    StepDefinition step =
        StepCatalog.load(s.project().dir(), DefaultStepKinds.all()).steps().get(0);
    UUID run;
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      ControlTable control = control(dynamo, s);
      control.ensure(true);
      run =
          control
              .start(
                  step.id().key(),
                  step.checksum(),
                  "test",
                  s.target().table(),
                  segments,
                  rate,
                  "test",
                  "test")
              .id();
    }
    List<DynamoDbClient> clients = new ArrayList<>();
    List<CompletableFuture<MigrationWorker.Outcome>> running = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        DynamoDbClient client = s.target().dynamo(interceptors);
        clients.add(client);
        MigrationWorker.Settings settings =
            new MigrationWorker.Settings(
                "in-process worker " + w,
                Duration.ofSeconds(5),
                workers,
                MigrationEngine.Settings.defaults().withWriters(2).withOneTransactionAtATime());
        running.add(
            CompletableFuture.supplyAsync(
                () ->
                    MigrationWorker.work(
                        client,
                        control(client, s),
                        run,
                        step,
                        settings,
                        MigrationEngine.Listener.NONE)));
      }
      for (CompletableFuture<MigrationWorker.Outcome> w : running) {
        assertThat(w.get(120, TimeUnit.SECONDS).runFinished()).isTrue();
      }
    } finally {
      clients.forEach(DynamoDbClient::close);
    }
    return run;
  }

  private static Optional<UUID> runOf(ControlTable control, MigrationStepTest.Setup s) {
    try {
      return control.latestRun(MigrationStepTest.version(MigrationCase.SET_ATTRIBUTE));
    } catch (ResourceNotFoundException notYet) {
      return Optional.empty();
    }
  }

  /** Segment items with a recorded page, unfinished, held by a worker. */
  private static List<Map<String, AttributeValue>> segmentsMidway(
      DynamoDbClient dynamo, ControlTable control, UUID run) {
    return dynamo
        .query(
            b ->
                b.tableName(control.name())
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :seg)")
                    .expressionAttributeValues(
                        Map.of(
                            ":pk", AttributeValue.fromS("RUN#" + run),
                            ":seg", AttributeValue.fromS("SEG#")))
                    .consistentRead(true))
        .items()
        .stream()
        .filter(i -> !i.get("finished").bool() && i.containsKey("owner"))
        .filter(i -> Long.parseLong(i.get("pages").n()) >= 1)
        .toList();
  }

  /** Runs {@code change} once, on the thread of the {@code after}-th write to the table. */
  static final class LowerAfter implements ExecutionInterceptor {
    private final String table;
    private final int after;
    private final java.util.function.Supplier<List<Cli.Result>> change;
    private final java.util.concurrent.atomic.AtomicInteger writes =
        new java.util.concurrent.atomic.AtomicInteger();
    final List<Cli.Result> results = new java.util.concurrent.CopyOnWriteArrayList<>();

    LowerAfter(String table, int after, java.util.function.Supplier<List<Cli.Result>> change) {
      this.table = table;
      this.after = after;
      this.change = change;
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if (context.request() instanceof UpdateItemRequest u
          && u.tableName().equals(table)
          && writes.incrementAndGet() == after) {
        results.addAll(change.get());
      }
    }
  }

  /** The conditional writes to the messages table, by the epoch second they were sent in. */
  static final class SentWrites implements ExecutionInterceptor {
    private final String table;
    private final ConcurrentLinkedQueue<Long> at = new ConcurrentLinkedQueue<>();

    SentWrites(String table) {
      this.table = table;
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      if (context.request() instanceof UpdateItemRequest u && u.tableName().equals(table)) {
        at.add(System.currentTimeMillis() / 1000);
      }
    }

    Map<Long, Long> perSecond() {
      return at.stream()
          .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }
  }
}
