package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.ReleaseVehicle;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What the release vehicle answers a direct invocation (see {@link ReleaseVehicle}): the command's
 * {@link Envelope}, as the CLI would print it with {@code --output json}, and at the same top level
 * the release's progress {@value ReleaseVehicle#EVENTS_FIELD}. One JSON object, so that further
 * top-level fields can join it.
 *
 * @param envelope the command's outcome
 * @param events what its listener heard, in order
 */
public record VehicleAnswer(Envelope envelope, List<ReleaseEvent> events) {
  public VehicleAnswer {
    events = List.copyOf(events);
  }

  /** The answer as the function returns it. */
  public ObjectNode toJson() {
    ObjectNode doc = envelope.toJson();
    doc.set(ReleaseVehicle.EVENTS_FIELD, Json.mapper().valueToTree(events));
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
                .convertValue(
                    doc.get(ReleaseVehicle.EVENTS_FIELD),
                    new TypeReference<List<ReleaseEvent>>() {})
            : List.of();
    return new VehicleAnswer(envelope, events);
  }

  /** The exit code {@code cruddur} exits with for this answer. */
  public int exitCode() {
    return envelope.error().map(Envelope.Error::exitCode).orElse(ExitCode.OK.code());
  }
}
