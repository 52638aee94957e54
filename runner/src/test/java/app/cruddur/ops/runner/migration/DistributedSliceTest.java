package app.cruddur.ops.runner.migration;

import static app.cruddur.ops.runner.migration.MigrationStepTest.assertTable;
import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.model.ReleaseWorkflow;
import app.cruddur.ops.runner.Release;
import app.cruddur.ops.runner.SegmentWorker;
import app.cruddur.ops.runner.api.CruddurException;
import app.cruddur.ops.runner.api.Envelope;
import app.cruddur.ops.runner.api.Json;
import app.cruddur.ops.runner.api.OperationResult;
import app.cruddur.ops.runner.api.ReleaseStatus;
import app.cruddur.ops.runner.api.ReleaseStop;
import app.cruddur.ops.runner.api.VehicleAnswer;
import app.cruddur.ops.runner.api.VerbRequest;
import app.cruddur.ops.runner.api.WorkerAnswer;
import app.cruddur.ops.runner.api.WorkerRequest;
import app.cruddur.ops.runner.internal.dynamo.migration.ControlTable;
import app.cruddur.ops.runner.migration.MigrationStepTest.Setup;
import app.cruddur.ops.runner.testing.SharedLocalEnvironment;
import app.cruddur.ops.runner.testing.SliceAnswers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The release side of a distributed step in the release workflow (issue 24): a slice does not work
 * a distributed step's segments but answers {@code distribute} — the unfinished segments dealt into
 * one item per worker, the run and its control table — for the workflow's Distributed Map, whose
 * children (played here by {@link SegmentWorker} calls on the answered items, as the Work state
 * invokes the worker Lambda) work them; the next slice finds every segment done and records the
 * step once with the run's totals; a child that failed has its segments fanned out again. A map
 * after which nothing moved fails the step, named, instead of being fanned out again forever. A
 * stop asked while the map runs ({@code release --via --stop}) reaches its workers through the
 * control table: each ends after the page in hand, recorded, and the next release resumes the run.
 * In process on the shared local environment; small tables.
 */
@ExtendWith(SharedLocalEnvironment.class)
class DistributedSliceTest {
  private static final String STEP = "V011";

  @Test
  void aSliceHandsTheSegmentsToTheMapAndTheNextRecordsTheStepOnceWithTheRunsTotals()
      throws Exception {
    MigrationCase c = MigrationCase.SET_ATTRIBUTE;
    Setup s = MigrationStepTest.setUp(c, "distributed-slice", 5, 10, "workers: 2", 40, 4);
    var before = s.table();

    JsonNode first = answer(s, "arn:execution:a");

    assertThat(first.path(ReleaseWorkflow.OUTCOME_FIELD).asText())
        .as(first.toString())
        .isEqualTo("more");
    JsonNode distribute = first.path(ReleaseWorkflow.DISTRIBUTE_FIELD);
    assertThat(distribute.path(MigrationWorkers.STEP_FIELD).asText()).isEqualTo(STEP);
    assertThat(distribute.path(MigrationWorkers.CONTROL_TABLE_FIELD).asText())
        .isEqualTo(MigrationWorkers.controlTableFor(s.target().table()));
    assertThat(distribute.path(MigrationWorkers.WORKERS_FIELD).asInt()).isEqualTo(2);
    assertThat(distribute.path(ReleaseWorkflow.DISTRIBUTE_CONCURRENCY_FIELD).asInt()).isEqualTo(2);
    assertThat(distribute.path(ReleaseWorkflow.DISTRIBUTE_TOLERATED_FIELD).asInt()).isEqualTo(100);
    List<List<Integer>> items = items(distribute);
    assertThat(items).as("one item per worker").hasSize(2);
    assertThat(items.stream().flatMap(List::stream))
        .as("every segment in exactly one item")
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    assertThat(items).allSatisfy(item -> assertThat(item).hasSizeBetween(2, 3));
    assertThat(s.table()).as("the slice itself works no segment").isEqualTo(before);
    assertThat(ledger(s)).containsExactly("PAUSED");
    assertThat(
            s.target()
                .queryOne(
                    "SELECT expires_at > now() + interval '8 hours' FROM cruddur_release_lease"
                        + " WHERE owner = 'arn:execution:a'"))
        .as("the lease outlives the map as a long step's build")
        .isEqualTo("t");

    // the map's second child failed before its first page: the next slice fans out its segments
    // only, to the same run (progress was made: the first child's segments are done)
    int invocations;
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      invocations = child(dynamo, s, distribute, 0);
    }
    JsonNode redrive = answer(s, "arn:execution:a");
    assertThat(redrive.path(ReleaseWorkflow.OUTCOME_FIELD).asText())
        .as(redrive.toString())
        .isEqualTo("more");
    JsonNode again = redrive.path(ReleaseWorkflow.DISTRIBUTE_FIELD);
    assertThat(again.path(MigrationWorkers.RUN_FIELD)).isEqualTo(distribute.path("run"));
    assertThat(items(again).stream().flatMap(List::stream))
        .as("the unfinished segments only, once each")
        .containsExactlyInAnyOrderElementsOf(items.get(1));
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      for (int child = 0; child < items(again).size(); child++) {
        invocations += child(dynamo, s, again, child);
      }
    }
    JsonNode next = answer(s, "arn:execution:a");

    assertThat(next.path(ReleaseWorkflow.OUTCOME_FIELD).asText())
        .as(next.toString())
        .isEqualTo("done");
    assertThat(next.has(ReleaseWorkflow.DISTRIBUTE_FIELD)).isFalse();
    assertThat(invocations).isGreaterThanOrEqualTo(1 + items(again).size());
    assertTable(s.table(), c.expectedTable(s.items()), "after the map's children");
    assertThat(ledger(s)).containsExactly("PAUSED", "PAUSED", "SUCCEEDED");
    // the run's totals, as one process records them: every item read once, the changes counted
    JsonNode details = succeededDetails(s);
    assertThat(details.get("runId").asText())
        .isEqualTo(distribute.path(MigrationWorkers.RUN_FIELD).asText());
    assertThat(details.get("scanned").asLong()).isEqualTo(s.items().size());
    assertThat(details.get("changed").asLong()).isEqualTo(c.changes(s.items())).isPositive();
    assertThat(details.get("alreadyDone").asLong() + details.get("skipped").asLong())
        .isEqualTo(s.items().size() - c.changes(s.items()));
    assertThat(details.get("changedElsewhere").asLong() + details.get("failed").asLong()).isZero();
    assertThat(details.get("segments").asInt()).isEqualTo(5);
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      ControlTable control =
          new ControlTable(dynamo, MigrationWorkers.controlTableFor(s.target().table()));
      assertThat(
              control
                  .run(UUID.fromString(distribute.path(MigrationWorkers.RUN_FIELD).asText()))
                  .orElseThrow()
                  .finished())
          .isTrue();
    }
  }

  @Test
  void aMapAfterWhichNothingMovedFailsTheStepNamedInsteadOfFanningOutAgain() throws Exception {
    MigrationCase c = MigrationCase.SET_ATTRIBUTE;
    Setup s = MigrationStepTest.setUp(c, "distributed-stuck", 2, 10, "distribute: true", 8, 2);

    JsonNode first = answer(s, "arn:execution:a");
    assertThat(first.path(ReleaseWorkflow.OUTCOME_FIELD).asText()).isEqualTo("more");
    String run = first.at("/distribute/run").asText();
    // the map ran and every child failed before recording a page: the next slice finds the same
    JsonNode stuck = answer(s, "arn:execution:a");

    assertThat(stuck.path(ReleaseWorkflow.OUTCOME_FIELD).asText())
        .as(stuck.toString())
        .isEqualTo("failed");
    assertThat(stuck.has(ReleaseWorkflow.DISTRIBUTE_FIELD)).isFalse();
    JsonNode error = stuck.path(ReleaseWorkflow.ERROR_FIELD);
    assertThat(error.path(ReleaseWorkflow.ERROR_CODE_FIELD).asText())
        .isEqualTo("MIGRATION_WORKERS_FAILED");
    assertThat(error.path(ReleaseWorkflow.ERROR_MESSAGE_FIELD).asText())
        .contains("the workers of " + STEP + " made no progress since its last hand-off")
        .contains("0 of 2 segments finished");
    assertThat(ledger(s)).containsExactly("PAUSED", "FAILED");
    // a new execution hands the same run to its workers afresh
    JsonNode again = answer(s, "arn:execution:b");
    assertThat(again.path(ReleaseWorkflow.OUTCOME_FIELD).asText()).isEqualTo("more");
    assertThat(again.at("/distribute/run").asText()).isEqualTo(run);
    assertThat(items(again.path(ReleaseWorkflow.DISTRIBUTE_FIELD)).stream().flatMap(List::stream))
        .containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void aStopReachesTheMapsWorkersWhichEndAfterThePageInHandAndTheNextReleaseResumesTheRun()
      throws Exception {
    MigrationCase c = MigrationCase.SET_ATTRIBUTE;
    Setup s =
        MigrationStepTest.setUp(
            c, "distributed-stop", 4, 4, "workers: 2\nbudget: {max_items_per_second: 40}", 48, 4);
    JsonNode first = answer(s, "arn:execution:a");
    JsonNode distribute = first.path(ReleaseWorkflow.DISTRIBUTE_FIELD);
    UUID run = UUID.fromString(distribute.path(MigrationWorkers.RUN_FIELD).asText());
    // the map's two children at work; on the second write, release --via --stop runs the vehicle's
    // stop verb (after StopExecution): no slice is in flight while the map runs. Later writes wait
    // until it has answered, so no child can finish its segments meanwhile
    List<ReleaseStop> asked = new CopyOnWriteArrayList<>();
    AtomicLong toldAt = new AtomicLong();
    AtomicInteger writes = new AtomicInteger();
    CountDownLatch told = new CountDownLatch(1);
    ExecutionInterceptor stopper =
        new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (!(context.request() instanceof UpdateItemRequest u)
                || !u.tableName().equals(s.target().table())) {
              return;
            }
            int write = writes.incrementAndGet();
            if (write == 2) {
              try (Release other = s.target().release(s.project().dir()).actor("ops@x").load()) {
                asked.add((ReleaseStop) other.run(VerbRequest.of(Verb.STOP, true)));
              } finally {
                toldAt.set(System.currentTimeMillis());
                told.countDown();
              }
            } else if (write > 2) {
              try {
                told.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    List<CompletableFuture<List<WorkerAnswer>>> children = new ArrayList<>();
    try (DynamoDbClient dynamo = s.target().dynamo(stopper)) {
      for (int child = 0; child < 2; child++) {
        WorkerRequest request = request(distribute, child);
        children.add(CompletableFuture.supplyAsync(() -> invocations(dynamo, s, request)));
      }
      for (CompletableFuture<List<WorkerAnswer>> child : children) {
        List<WorkerAnswer> answers = child.get(120, TimeUnit.SECONDS);
        assertThat(answers)
            .as("one invocation, ended by the stop long before its deadline")
            .singleElement()
            .satisfies(
                a -> {
                  assertThat(a.outcome()).isEqualTo(MigrationWorkers.Outcome.STOPPED);
                  assertThat(a.toJson().path("outcome").asText()).isEqualTo("stopped");
                  assertThat(a.segmentsLeft()).isNotEmpty();
                  assertThat(a.error()).isEmpty();
                });
      }
    }
    assertThat(asked)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(ReleaseStop.Outcome.LEASE_ENDED);
              assertThat(a.workersTold()).containsExactly(STEP + " run " + run);
              assertThat(a.describe())
                  .endsWith(
                      "the workers of "
                          + STEP
                          + " run "
                          + run
                          + " stop after the page in hand"
                          + " (recorded)");
            });
    ReleaseStatus stopping;
    try (Release release = s.target().release(s.project().dir()).load()) {
      stopping = release.status();
    }
    assertThat(stopping.inProgress()).as("the lease ended with the stop").isEmpty();
    assertThat(stopping.distributed())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.stop()).hasValueSatisfying(x -> assertThat(x.by()).isEqualTo("ops@x"));
              assertThat(d.describe())
                  .contains("; a stop was asked by ops@x at ")
                  .endsWith(": its workers end after the page in hand");
            });
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      ControlTable control =
          new ControlTable(dynamo, MigrationWorkers.controlTableFor(s.target().table()));
      ControlTable.Run stopped = control.run(run).orElseThrow();
      assertThat(stopped.allSegmentsFinished()).isFalse();
      List<ControlTable.PageRead> reads = control.reads(run);
      assertThat(reads.stream().mapToLong(ControlTable.PageRead::items).sum())
          .as("every page read was recorded before the worker ended: nothing left in hand")
          .isEqualTo(stopped.counts().scanned())
          .isPositive();
      // each segment read at most the page in hand once the stop was marked
      Map<Integer, Long> readAfter = new TreeMap<>();
      reads.stream()
          .filter(r -> r.atMillis() > toldAt.get())
          .forEach(r -> readAfter.merge(r.segment(), 1L, Long::sum));
      assertThat(readAfter.values())
          .as("pages read after the stop, by segment")
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1));
    }

    // the next release (a new execution) resumes the same run and completes it item for item
    JsonNode resumed = answer(s, "arn:execution:b");
    assertThat(resumed.path(ReleaseWorkflow.OUTCOME_FIELD).asText())
        .as(resumed.toString())
        .isEqualTo("more");
    JsonNode again = resumed.path(ReleaseWorkflow.DISTRIBUTE_FIELD);
    assertThat(again.path(MigrationWorkers.RUN_FIELD).asText()).isEqualTo(run.toString());
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      assertThat(
              new ControlTable(dynamo, MigrationWorkers.controlTableFor(s.target().table()))
                  .run(run)
                  .orElseThrow()
                  .stop())
          .as("the resuming release is past the stop: none pending for its workers")
          .isEmpty();
      for (int child = 0; child < items(again).size(); child++) {
        child(dynamo, s, again, child);
      }
    }
    JsonNode done = answer(s, "arn:execution:b");
    assertThat(done.path(ReleaseWorkflow.OUTCOME_FIELD).asText())
        .as(done.toString())
        .isEqualTo("done");
    assertTable(s.table(), c.expectedTable(s.items()), "after the stop and the next release");
    assertThat(ledger(s)).containsExactly("PAUSED", "PAUSED", "SUCCEEDED");
    try (DynamoDbClient dynamo = s.target().dynamo()) {
      List<ControlTable.PageRead> reads =
          new ControlTable(dynamo, MigrationWorkers.controlTableFor(s.target().table())).reads(run);
      assertThat(reads.stream().map(r -> r.segment() + " " + r.from()).distinct().count())
          .as("checkpoints intact: no page read twice across the stop")
          .isEqualTo(reads.size());
    }
    JsonNode details = succeededDetails(s);
    assertThat(details.get("scanned").asLong()).isEqualTo(s.items().size());
    assertThat(details.get("changed").asLong()).isEqualTo(c.changes(s.items()));
  }

  /** One slice of {@code owner}'s execution, answered as the release vehicle answers it. */
  private static JsonNode answer(Setup s, String owner) {
    VerbRequest request =
        VerbRequest.slice(
            new VerbRequest.Slice(owner, ReleaseWorkflow.SLICE_MARGIN, Optional.empty()), true);
    VehicleAnswer answer;
    try (Release release = s.target().release(s.project().dir()).load()) {
      OperationResult result = release.run(request);
      answer = SliceAnswers.of(request, result);
    } catch (CruddurException e) {
      answer =
          VehicleAnswer.of(
              request,
              Envelope.of("release", Optional.empty(), Optional.empty(), List.of(), Optional.of(e)),
              List.of(),
              Optional.empty());
    }
    JsonNode json = answer.toJson();
    assertThat(VehicleAnswer.fromJson(json).toJson()).as("the answer reads back").isEqualTo(json);
    return json;
  }

  /**
   * A child of the Distributed Map: the worker invoked with the item as the map's ItemSelector and
   * the Work state send it, until it answers other than {@code more}; returns the invocations.
   */
  private static int child(DynamoDbClient dynamo, Setup s, JsonNode distribute, int child) {
    List<WorkerAnswer> answers = invocations(dynamo, s, request(distribute, child));
    WorkerAnswer answer = answers.get(answers.size() - 1);
    assertThat(answer.outcome()).as(answers.toString()).isEqualTo(MigrationWorkers.Outcome.DONE);
    assertThat(answer.segmentsFinished())
        .containsExactlyInAnyOrderElementsOf(items(distribute).get(child));
    return answers.size();
  }

  /**
   * The worker invoked with {@code request} as a child's Work state does: until not {@code more}.
   */
  private static List<WorkerAnswer> invocations(
      DynamoDbClient dynamo, Setup s, WorkerRequest request) {
    List<WorkerAnswer> answers = new ArrayList<>();
    WorkerAnswer answer;
    do {
      answer = SegmentWorker.work(dynamo, s.project().dir(), request, Duration.ofMinutes(3));
      answers.add(answer);
    } while (answer.outcome() == MigrationWorkers.Outcome.MORE && answers.size() < 50);
    return answers;
  }

  /** The worker's event of the map's {@code child}, as the ItemSelector and Work state send it. */
  private static WorkerRequest request(JsonNode distribute, int child) {
    ObjectNode event = Json.mapper().createObjectNode();
    for (String field :
        List.of(
            MigrationWorkers.RUN_FIELD,
            MigrationWorkers.STEP_FIELD,
            MigrationWorkers.CONTROL_TABLE_FIELD,
            MigrationWorkers.WORKERS_FIELD)) {
      event.set(field, distribute.get(field));
    }
    event.set(
        MigrationWorkers.SEGMENTS_FIELD,
        distribute.path(ReleaseWorkflow.DISTRIBUTE_ITEMS_FIELD).get(child).get("segments"));
    event.put("owner", "arn:child:" + child);
    event.put("marginSeconds", 60);
    return WorkerRequest.fromEvent(event);
  }

  private static List<List<Integer>> items(JsonNode distribute) {
    List<List<Integer>> items = new ArrayList<>();
    for (JsonNode item : distribute.path(ReleaseWorkflow.DISTRIBUTE_ITEMS_FIELD)) {
      List<Integer> segments = new ArrayList<>();
      item.path(MigrationWorkers.SEGMENTS_FIELD).forEach(n -> segments.add(n.asInt()));
      items.add(segments);
    }
    return items;
  }

  /** The details of the step's one SUCCEEDED ledger row. */
  private static JsonNode succeededDetails(Setup s) throws Exception {
    return Json.mapper()
        .readTree(
            s.target()
                .queryOne(
                    "SELECT details FROM cruddur_release_ledger WHERE step = '"
                        + STEP
                        + "' AND outcome = 'SUCCEEDED'"));
  }

  private static List<String> ledger(Setup s) {
    return MigrationStepTest.lines(
        s.target(),
        "SELECT outcome FROM cruddur_release_ledger WHERE step = '" + STEP + "' ORDER BY id");
  }
}
