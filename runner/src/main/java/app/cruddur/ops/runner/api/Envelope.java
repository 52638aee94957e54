package app.cruddur.ops.runner.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one JSON document of a command's outcome, whatever happened: {@code {"operation", "target",
 * "result", "warnings", "error"}}. The CLI prints it with {@code --output json}; the release
 * vehicle answers it; a caller of the vehicle reads it back into the verb's typed result or
 * failure.
 *
 * @param operation the command ({@code release}, {@code ddb scan})
 * @param target the target, described without secrets, when known
 * @param result the command's result record as JSON, without its warnings (said once, here)
 * @param warnings what the command met and went on past
 * @param error the failure, if it failed
 */
public record Envelope(
    String operation,
    Optional<String> target,
    Optional<JsonNode> result,
    List<Warning> warnings,
    Optional<Error> error) {

  /**
   * A failure as the envelope carries it.
   *
   * @param code the fine-grained code ({@code STEP_FAILED})
   * @param exitCode the exit code it maps to
   * @param message what is wrong
   * @param hint what to do
   * @param changeset the changeset a migration failed on, when that is what failed
   */
  public record Error(
      String code, int exitCode, String message, String hint, Optional<FailedChangeset> changeset) {
    public Error {
      changeset = changeset == null ? Optional.empty() : changeset;
    }

    /** The failure of {@code e}. */
    public static Error of(CruddurException e) {
      return new Error(
          e.code().name(), e.exitCode().code(), e.problem(), e.remedy(), e.changeset());
    }

    /**
     * The exception it stands for: the same code, message and hint, so its {@code error:} line and
     * exit code are the same; an unknown code keeps its exit code.
     */
    public CruddurException exception() {
      Optional<ErrorCode> known =
          Arrays.stream(ErrorCode.values()).filter(c -> c.name().equals(code)).findFirst();
      if (known.isPresent()) {
        return new CruddurException(known.get(), message, hint).withChangeset(changeset);
      }
      ExitCode exit =
          Arrays.stream(ExitCode.values())
              .filter(c -> c.code() == exitCode)
              .findFirst()
              .orElse(ExitCode.FAILED);
      return new CruddurException(exit, message, hint).withChangeset(changeset);
    }
  }

  /**
   * The envelope of {@code operation}: its {@code result} (a record, or the document a command
   * renders instead), and its failure if it failed.
   */
  public static Envelope of(
      String operation,
      Optional<String> target,
      Optional<?> result,
      List<Warning> warnings,
      Optional<CruddurException> failure) {
    return new Envelope(
        operation,
        target,
        result.map(Envelope::withoutWarnings),
        List.copyOf(warnings),
        failure.map(Error::of));
  }

  private static JsonNode withoutWarnings(Object result) {
    JsonNode node = Json.mapper().valueToTree(result);
    if (node instanceof ObjectNode object) {
      object.remove("warnings"); // said once, in the envelope
    }
    return node;
  }

  /** The document, fields in the order above. */
  public ObjectNode toJson() {
    ObjectNode doc = Json.mapper().createObjectNode();
    doc.put("operation", operation);
    target.ifPresent(t -> doc.put("target", t));
    result.ifPresent(r -> doc.set("result", r));
    doc.set("warnings", Json.mapper().valueToTree(warnings));
    error.ifPresent(e -> doc.set("error", Json.mapper().valueToTree(e)));
    return doc;
  }

  /**
   * Reads an envelope.
   *
   * @throws IllegalArgumentException when {@code doc} is not one
   */
  public static Envelope fromJson(JsonNode doc) {
    if (doc == null || !doc.isObject() || !doc.path("operation").isTextual()) {
      throw new IllegalArgumentException("not a cruddur envelope");
    }
    try {
      return new Envelope(
          doc.get("operation").asText(),
          Optional.ofNullable(doc.get("target")).filter(JsonNode::isTextual).map(JsonNode::asText),
          Optional.ofNullable(doc.get("result")).filter(JsonNode::isObject),
          doc.hasNonNull("warnings")
              ? Json.mapper()
                  .convertValue(doc.get("warnings"), new TypeReference<List<Warning>>() {})
              : List.of(),
          doc.hasNonNull("error")
              ? Optional.of(Json.mapper().treeToValue(doc.get("error"), Error.class))
              : Optional.empty());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a cruddur envelope: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The result as the record {@code type}, with the envelope's warnings back in it.
   *
   * @throws IllegalArgumentException when there is none, or it is not a {@code type}
   */
  public <R extends OperationResult> R result(Class<R> type) {
    ObjectNode node =
        result
            .filter(JsonNode::isObject)
            .map(r -> ((ObjectNode) r).deepCopy())
            .orElseThrow(() -> new IllegalArgumentException("the envelope has no result"));
    node.set("warnings", Json.mapper().valueToTree(warnings));
    try {
      return Json.mapper().treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the result is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
