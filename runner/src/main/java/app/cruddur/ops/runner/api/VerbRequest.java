package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseVehicle.Verb;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 */
public record VerbRequest(
    Verb verb, boolean json, OptionalInt count, Optional<String> tag, Optional<String> confirm) {
  private static final List<String> FIELDS =
      List.of(
          ReleaseVehicle.COMMAND_FIELD,
          ReleaseVehicle.OUTPUT_FIELD,
          ReleaseVehicle.COUNT_FIELD,
          ReleaseVehicle.TAG_FIELD,
          ReleaseVehicle.CONFIRM_FIELD);

  public VerbRequest {
    Objects.requireNonNull(verb, "verb");
    Objects.requireNonNull(count, "count");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(confirm, "confirm");
    if (verb == Verb.ROLLBACK && count.isPresent() == tag.isPresent()) {
      throw new IllegalArgumentException("a rollback needs a count or a tag");
    }
    if (verb != Verb.ROLLBACK && (count.isPresent() || tag.isPresent() || confirm.isPresent())) {
      throw new IllegalArgumentException("count, tag and confirm belong to a rollback");
    }
  }

  /** A verb with no options ({@code release}, {@code plan}, {@code status}, {@code validate}). */
  public static VerbRequest of(Verb verb, boolean json) {
    return new VerbRequest(verb, json, OptionalInt.empty(), Optional.empty(), Optional.empty());
  }

  /** {@code rollback} of the last {@code count} changesets, or of those after {@code tag}. */
  public static VerbRequest rollback(
      OptionalInt count, Optional<String> tag, Optional<String> confirm, boolean json) {
    return new VerbRequest(Verb.ROLLBACK, json, count, tag, confirm);
  }

  /** The typed result the verb answers. */
  public Class<? extends OperationResult> resultType() {
    return switch (verb) {
      case RELEASE -> ReleaseResult.class;
      case PLAN -> ReleasePlan.class;
      case STATUS -> ReleaseStatus.class;
      case VALIDATE -> ValidationResult.class;
      case ROLLBACK -> RollbackResult.class;
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

  private static CruddurException usage(String problem, String remedy) {
    return CruddurException.of(ErrorCode.USAGE, problem, remedy);
  }
}
