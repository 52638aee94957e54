package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseVehicle.Verb;
import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * One of the release verbs a deployed stage's release vehicle runs ({@link Verb}), with its
 * options: for a rollback what to roll back and the database's name as confirmation. Run here by
 * {@code Release.run}, or in the vehicle, which releases to its own stage in its own context:
 * nothing here can point it elsewhere. {@link #toEvent()} and {@link #fromEvent} are the vehicle's
 * invocation, for the caller and the handler alike.
 *
 * @param verb release, plan, status, validate or rollback
 * @param json the caller shows it as JSON: the vehicle's log shows its transcript so too
 * @param count rollback: the last N changesets
 * @param tag rollback: the changesets after this tag
 * @param confirm rollback: the database's name, repeated
 * @param slice release: one time-boxed slice of a release workflow's execution (see {@link
 *     ReleaseWorkflow}); empty for a whole release
 */
public record VerbRequest(
    Verb verb,
    boolean json,
    OptionalInt count,
    Optional<String> tag,
    Optional<String> confirm,
    Optional<Slice> slice) {
  private static final List<String> FIELDS =
      List.of(
          ReleaseVehicle.COMMAND_FIELD,
          ReleaseVehicle.OUTPUT_FIELD,
          ReleaseVehicle.COUNT_FIELD,
          ReleaseVehicle.TAG_FIELD,
          ReleaseVehicle.CONFIRM_FIELD,
          ReleaseWorkflow.SLICE_FIELD);

  private static final List<String> SLICE_FIELDS =
      List.of(
          ReleaseWorkflow.SLICE_OWNER_FIELD,
          ReleaseWorkflow.SLICE_MARGIN_FIELD,
          ReleaseWorkflow.SLICE_LONG_STEP_FIELD);

  /**
   * One slice of a release workflow's execution: work until the function's remaining time is down
   * to {@code margin}, stop at a boundary and answer where the release stands.
   *
   * @param owner the lease owner, the execution's ARN: every slice of one execution has it
   * @param margin what to leave of the function's remaining time, to record and answer
   * @param longStep the long-step build's slice: the step marked {@code long: true} to run with no
   *     deadline but the build's, after which it stops
   */
  public record Slice(String owner, Duration margin, Optional<String> longStep) {
    public Slice {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(margin, "margin");
      Objects.requireNonNull(longStep, "longStep");
    }

    /** The slice as the workflow sends it (and as {@code runLong.event} carries it). */
    public ObjectNode toJson() {
      ObjectNode slice = Json.mapper().createObjectNode();
      slice.put(ReleaseWorkflow.SLICE_OWNER_FIELD, owner);
      slice.put(ReleaseWorkflow.SLICE_MARGIN_FIELD, margin.toSeconds());
      longStep.ifPresent(s -> slice.put(ReleaseWorkflow.SLICE_LONG_STEP_FIELD, s));
      return slice;
    }
  }

  public VerbRequest {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(confirm, "confirm");
    Objects.requireNonNull(slice, "slice");
    if (slice.isPresent() && verb != Verb.RELEASE) {
      throw new IllegalArgumentException("a slice is a release's");
    }
    if (verb == Verb.ROLLBACK && count.isPresent() == tag.isPresent()) {
      throw new IllegalArgumentException("a rollback needs a count or a tag");
    }
    if (verb != Verb.ROLLBACK && (count.isPresent() || tag.isPresent() || confirm.isPresent())) {
      throw new IllegalArgumentException("count, tag and confirm belong to a rollback");
    }
  }

  /** A verb with no options ({@code release}, {@code plan}, {@code status}, {@code validate}). */
  public static VerbRequest of(Verb verb, boolean json) {
    return new VerbRequest(
        verb, json, OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** {@code rollback} of the last {@code count} changesets, or of those after {@code tag}. */
  public static VerbRequest rollback(
      OptionalInt count, Optional<String> tag, Optional<String> confirm, boolean json) {
    return new VerbRequest(Verb.ROLLBACK, json, count, tag, confirm, Optional.empty());
  }

  /** One slice of a release workflow's execution. */
  public static VerbRequest slice(Slice slice, boolean json) {
    return new VerbRequest(
        Verb.RELEASE,
        json,
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(slice));
  }

  /** The typed result the verb answers. */
  public Class<? extends OperationResult> resultType() {
    return switch (verb) {
      case RELEASE -> ReleaseResult.class;
      case PLAN -> ReleasePlan.class;
      case STATUS -> ReleaseStatus.class;
      case VALIDATE -> ValidationResult.class;
      case ROLLBACK -> RollbackResult.class;
      case STOP -> ReleaseStop.class;
    };
  }

  /** The direct-invocation event the vehicle's handler reads. */
  public ObjectNode toEvent() {
    ObjectNode event = Json.mapper().createObjectNode();
    event.put(ReleaseVehicle.COMMAND_FIELD, verb.word());
    event.put(ReleaseVehicle.OUTPUT_FIELD, json ? "json" : "table");
    count.ifPresent(n -> event.put(ReleaseVehicle.COUNT_FIELD, n));
    tag.ifPresent(t -> event.put(ReleaseVehicle.TAG_FIELD, t));
    confirm.ifPresent(c -> event.put(ReleaseVehicle.CONFIRM_FIELD, c));
    slice.ifPresent(s -> event.set(ReleaseWorkflow.SLICE_FIELD, s.toJson()));
    return event;
  }

  /**
   * The request a direct-invocation event makes.
   *
   * @throws CruddurException exit 2 ({@code USAGE}) for an event that is not one, saying what to
   *     send
   */
  public static VerbRequest fromEvent(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw usage(
          "the event is not a JSON object",
          "Invoke the function with {\"command\": \"release\"} (or plan, status, validate)");
    }
    for (Iterator<String> fields = event.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw usage(
            "unknown field '" + field + "' in the event",
            "Use only " + String.join(", ", new TreeSet<>(FIELDS)));
      }
    }
    String word = event.path(ReleaseVehicle.COMMAND_FIELD).asText("");
    Verb verb =
        Verb.of(word)
            .orElseThrow(
                () ->
                    usage(
                        (word.isEmpty() ? "no command" : "unknown command '" + word + "'")
                            + " in the event",
                        "Send {\"command\": \""
                            + String.join("|", ReleaseVehicle.COMMANDS)
                            + "\"}"));
    String output = event.path(ReleaseVehicle.OUTPUT_FIELD).asText("table");
    if (!output.equals("table") && !output.equals("json")) {
      throw usage("unknown output '" + output + "' in the event", "Use table or json");
    }
    JsonNode count = event.get(ReleaseVehicle.COUNT_FIELD);
    JsonNode tag = event.get(ReleaseVehicle.TAG_FIELD);
    JsonNode confirm = event.get(ReleaseVehicle.CONFIRM_FIELD);
    JsonNode slice = event.get(ReleaseWorkflow.SLICE_FIELD);
    if (slice != null) {
      if (verb != Verb.RELEASE) {
        throw usage(
            "a slice belongs to a release, not to " + word, "Send {\"command\": \"" + word + "\"}");
      }
      return slice(slice(slice), output.equals("json"));
    }
    if (verb != Verb.ROLLBACK) {
      if (count != null || tag != null || confirm != null) {
        throw usage(
            "count, tag and confirm belong to a rollback, not to " + word,
            "Send {\"command\": \"" + word + "\"}");
      }
      return of(verb, output.equals("json"));
    }
    if ((count == null) == (tag == null)
        || count != null && !count.canConvertToInt()
        || tag != null && !tag.isTextual()) {
      throw usage(
          "a rollback needs either \"count\": N or \"tag\": \"T\"",
          "Send {\"command\": \"rollback\", \"count\": 1, \"confirm\": \"<database>\"}");
    }
    return rollback(
        count == null ? OptionalInt.empty() : OptionalInt.of(count.asInt()),
        Optional.ofNullable(tag).map(JsonNode::asText),
        Optional.ofNullable(confirm).filter(c -> !c.isNull()).map(JsonNode::asText),
        output.equals("json"));
  }

  private static Slice slice(JsonNode slice) {
    String example =
        "Send {\"command\": \"release\", \"slice\": {\"owner\": \"<execution ARN>\","
            + " \"marginSeconds\": 60}}";
    if (!slice.isObject()) {
      throw usage("the slice is not a JSON object", example);
    }
    for (Iterator<String> fields = slice.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!SLICE_FIELDS.contains(field)) {
        throw usage(
            "unknown field '" + field + "' in the slice",
            "Use only " + String.join(", ", new TreeSet<>(SLICE_FIELDS)));
      }
    }
    JsonNode owner = slice.get(ReleaseWorkflow.SLICE_OWNER_FIELD);
    JsonNode margin = slice.get(ReleaseWorkflow.SLICE_MARGIN_FIELD);
    JsonNode longStep = slice.get(ReleaseWorkflow.SLICE_LONG_STEP_FIELD);
    if (owner == null || !owner.isTextual() || owner.asText().isBlank()) {
      throw usage("a slice needs its owner (the execution's ARN)", example);
    }
    if (margin != null && (!margin.canConvertToLong() || margin.asLong() < 0)) {
      throw usage("the slice's marginSeconds is not a number of seconds", example);
    }
    if (longStep != null && !longStep.isTextual()) {
      throw usage("the slice's longStep is not a step's version", example);
    }
    return new Slice(
        owner.asText(),
        margin == null ? ReleaseWorkflow.SLICE_MARGIN : Duration.ofSeconds(margin.asLong()),
        Optional.ofNullable(longStep).map(JsonNode::asText));
  }

  private static CruddurException usage(String problem, String remedy) {
    return CruddurException.of(ErrorCode.USAGE, problem, remedy);
  }
}
