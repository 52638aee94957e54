package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.MigrationWorkers;
import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the release vehicle answers a direct invocation (see {@link ReleaseVehicle}): the command's
 * {@link Envelope}, as the CLI would print it with {@code --output json}, and at the same top level
 * the release's progress {@value ReleaseVehicle#EVENTS_FIELD}. One JSON object, so that further
 * top-level fields can join it.
 *
 * <p>A slice of a release workflow (a request with {@link VerbRequest#slice()}) answers, at the
 * same top level, the fields {@link ReleaseWorkflow} routes on: {@value
 * ReleaseWorkflow#OUTCOME_FIELD}, {@value ReleaseWorkflow#ESTIMATE_FIELD}, {@value
 * ReleaseWorkflow#RUN_LONG_FIELD} and {@value ReleaseWorkflow#DISTRIBUTE_FIELD}; its JSON is kept
 * within {@value ReleaseWorkflow#ANSWER_BUDGET_BYTES} bytes ({@link #toJson()}).
 *
 * @param envelope the command's outcome
 * @param events what its listener heard, in order
 * @param slice what a slice answers besides, if the request was one
 */
public record VehicleAnswer(Envelope envelope, List<ReleaseEvent> events, Optional<Slice> slice) {
  public VehicleAnswer {
    events = List.copyOf(events);
    Objects.requireNonNull(slice, "slice");
  }

  /** The answer of a request that is not a slice. */
  public VehicleAnswer(Envelope envelope, List<ReleaseEvent> events) {
    this(envelope, events, Optional.empty());
  }

  /**
   * What a slice answers besides the envelope.
   *
   * @param outcome {@code more}, {@code done} or {@code failed}
   * @param estimateSeconds what the rest of the release is expected to take (0 when done), if known
   * @param runLong with {@code more}: the step for the workflow's long-step build, and the event
   *     the build hands the vehicle's handler
   * @param distribute with {@code more}: a distributed step's segments for the workflow's
   *     Distributed Map
   */
  public record Slice(
      ReleaseWorkflow.Outcome outcome,
      Optional<Long> estimateSeconds,
      Optional<RunLong> runLong,
      Optional<ReleaseResult.Distribute> distribute) {
    public Slice {
      Objects.requireNonNull(distribute, "distribute");
    }

    /** A slice's answer with no distributed step. */
    public Slice(
        ReleaseWorkflow.Outcome outcome,
        Optional<Long> estimateSeconds,
        Optional<RunLong> runLong) {
      this(outcome, estimateSeconds, runLong, Optional.empty());
    }
  }

  /**
   * A step no slice runs ({@code long: true}), for the long-step build.
   *
   * @param step the step's version
   * @param event the event the build runs once: a slice of the same owner naming the step
   */
  public record RunLong(String step, JsonNode event) {}

  /**
   * The answer of {@code request}, a slice or not, that ended in {@code envelope}: a slice's
   * outcome is {@code failed} with an error, else {@code more} while the release is {@linkplain
   * ReleaseResult#unfinished() unfinished} (handing a long step to the build), else {@code done}.
   */
  public static VehicleAnswer of(
      VerbRequest request,
      Envelope envelope,
      List<ReleaseEvent> events,
      Optional<OperationResult> result) {
    if (request.slice().isEmpty()) {
      return new VehicleAnswer(envelope, events);
    }
    Optional<ReleaseResult.Unfinished> unfinished =
        result
            .filter(ReleaseResult.class::isInstance)
            .map(ReleaseResult.class::cast)
            .flatMap(ReleaseResult::unfinished);
    Slice slice;
    if (result.isEmpty() || unfinished.filter(ReleaseResult.Unfinished::stopped).isPresent()) {
      // failed, or stopped as asked: the workflow ends with the slice's error (RELEASE_STOPPED)
      slice = new Slice(ReleaseWorkflow.Outcome.FAILED, Optional.empty(), Optional.empty());
    } else if (unfinished.isEmpty()) {
      slice = new Slice(ReleaseWorkflow.Outcome.DONE, Optional.of(0L), Optional.empty());
    } else {
      VerbRequest.Slice asked = request.slice().get();
      slice =
          new Slice(
              ReleaseWorkflow.Outcome.MORE,
              Optional.of(unfinished.get().estimateSeconds()),
              unfinished
                  .get()
                  .longStep()
                  .map(
                      step ->
                          new RunLong(
                              step,
                              VerbRequest.slice(
                                      new VerbRequest.Slice(
                                          asked.owner(), asked.margin(), Optional.of(step)),
                                      request.json())
                                  .toEvent())),
              unfinished.get().distribute());
    }
    return new VehicleAnswer(envelope, events, Optional.of(slice));
  }

  /**
   * The answer as the function returns it: a slice's within {@link
   * ReleaseWorkflow#ANSWER_BUDGET_BYTES} bytes (the workflow keeps it in its state), any other
   * whole.
   */
  public ObjectNode toJson() {
    return slice.isPresent() ? toJson(ReleaseWorkflow.ANSWER_BUDGET_BYTES) : whole();
  }

  /**
   * The answer in at most {@code budget} bytes of JSON: whole when it fits, else with what a
   * follower can do without left out and one notice among its events saying what (see {@link
   * ReleaseWorkflow#ANSWER_BUDGET_BYTES}).
   */
  public ObjectNode toJson(int budget) {
    return AnswerBudget.fit(whole(), budget);
  }

  private ObjectNode whole() {
    ObjectNode doc = envelope.toJson();
    doc.set(ReleaseVehicle.EVENTS_FIELD, Json.mapper().valueToTree(events));
    slice.ifPresent(
        s -> {
          doc.put(ReleaseWorkflow.OUTCOME_FIELD, s.outcome().wire());
          s.estimateSeconds().ifPresent(e -> doc.put(ReleaseWorkflow.ESTIMATE_FIELD, e));
          s.runLong()
              .ifPresent(
                  r -> {
                    ObjectNode runLong = doc.putObject(ReleaseWorkflow.RUN_LONG_FIELD);
                    runLong.put(ReleaseWorkflow.RUN_LONG_STEP_FIELD, r.step());
                    runLong.set(ReleaseWorkflow.RUN_LONG_EVENT_FIELD, r.event());
                  });
          s.distribute().ifPresent(d -> doc.set(ReleaseWorkflow.DISTRIBUTE_FIELD, distribute(d)));
        });
    return doc;
  }

  /**
   * Reads an answer.
   *
   * @throws IllegalArgumentException when {@code doc} is not one
   */
  public static VehicleAnswer fromJson(JsonNode doc) {
    Envelope envelope = Envelope.fromJson(doc);
    List<ReleaseEvent> events =
        doc.hasNonNull(ReleaseVehicle.EVENTS_FIELD)
            ? Json.mapper()
                .convertValue(AnswerBudget.events(doc), new TypeReference<List<ReleaseEvent>>() {})
            : List.of();
    Optional<Slice> slice =
        ReleaseWorkflow.Outcome.of(doc.path(ReleaseWorkflow.OUTCOME_FIELD).asText(""))
            .map(
                outcome ->
                    new Slice(
                        outcome,
                        Optional.ofNullable(doc.get(ReleaseWorkflow.ESTIMATE_FIELD))
                            .map(JsonNode::asLong),
                        Optional.ofNullable(doc.get(ReleaseWorkflow.RUN_LONG_FIELD))
                            .map(
                                r ->
                                    new RunLong(
                                        r.path(ReleaseWorkflow.RUN_LONG_STEP_FIELD).asText(),
                                        r.path(ReleaseWorkflow.RUN_LONG_EVENT_FIELD))),
                        Optional.ofNullable(doc.get(ReleaseWorkflow.DISTRIBUTE_FIELD))
                            .map(VehicleAnswer::distribute)));
    return new VehicleAnswer(envelope, events, slice);
  }

  /**
   * {@code distribute} as the workflow's Distributed Map reads it (see {@link ReleaseWorkflow}).
   */
  private static ObjectNode distribute(ReleaseResult.Distribute d) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put(MigrationWorkers.STEP_FIELD, d.step());
    node.put(MigrationWorkers.RUN_FIELD, d.run());
    node.put(MigrationWorkers.CONTROL_TABLE_FIELD, d.controlTable());
    node.put(MigrationWorkers.WORKERS_FIELD, d.workers());
    node.put(ReleaseWorkflow.DISTRIBUTE_CONCURRENCY_FIELD, d.concurrency());
    node.put(ReleaseWorkflow.DISTRIBUTE_TOLERATED_FIELD, d.toleratedFailurePercentage());
    ArrayNode items = node.putArray(ReleaseWorkflow.DISTRIBUTE_ITEMS_FIELD);
    for (List<Integer> segments : d.items()) {
      ArrayNode each = items.addObject().putArray(MigrationWorkers.SEGMENTS_FIELD);
      segments.forEach(each::add);
    }
    return node;
  }

  private static ReleaseResult.Distribute distribute(JsonNode d) {
    List<List<Integer>> items = new ArrayList<>();
    for (JsonNode item : d.path(ReleaseWorkflow.DISTRIBUTE_ITEMS_FIELD)) {
      List<Integer> segments = new ArrayList<>();
      item.path(MigrationWorkers.SEGMENTS_FIELD).forEach(n -> segments.add(n.asInt()));
      items.add(segments);
    }
    return new ReleaseResult.Distribute(
        d.path(MigrationWorkers.STEP_FIELD).asText(),
        d.path(MigrationWorkers.RUN_FIELD).asText(),
        d.path(MigrationWorkers.CONTROL_TABLE_FIELD).asText(),
        d.path(MigrationWorkers.WORKERS_FIELD).asInt(),
        d.path(ReleaseWorkflow.DISTRIBUTE_CONCURRENCY_FIELD).asInt(),
        d.path(ReleaseWorkflow.DISTRIBUTE_TOLERATED_FIELD).asInt(),
        items);
  }

  /** The exit code {@code cruddur} exits with for this answer. */
  public int exitCode() {
    return envelope.error().map(Envelope.Error::exitCode).orElse(ExitCode.OK.code());
  }
}
