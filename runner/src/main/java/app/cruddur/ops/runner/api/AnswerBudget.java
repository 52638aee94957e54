package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fits a slice's answer, as JSON, within a budget of bytes (see {@link
 * ReleaseWorkflow#ANSWER_BUDGET_BYTES}), cutting what the follower can do without first: the step
 * results inside its events lose their details (the answer's result has them, and a follower's
 * progress lines show none); then the oldest events (after the release's start) make way for one
 * notice that counts them; then the result's oldest steps lose their details; then the result and
 * the oldest warnings go. The notice, one line in the follower's progress, says what was left out.
 * The fields the workflow routes on (outcome, error, estimate, runLong, distribute) are never cut.
 */
final class AnswerBudget {
  /** Room kept under the budget for the notice. */
  static final int NOTICE_ROOM = 1024;

  private AnswerBudget() {}

  /** {@code doc} if it fits in {@code budget} bytes, else a copy cut to fit. */
  static ObjectNode fit(ObjectNode doc, int budget) {
    long size = size(doc);
    if (size <= budget) {
      return doc;
    }
    ObjectNode fitted = doc.deepCopy();
    ArrayNode events = array(fitted, ReleaseVehicle.EVENTS_FIELD);
    for (JsonNode event : events) {
      if (event.get("result") instanceof ObjectNode result && result.has("details")) {
        result.putObject("details");
      }
    }
    size = size(fitted);
    if (size <= budget) {
      return fitted;
    }
    long room = budget - NOTICE_ROOM;
    int first =
        events.size() > 0
                && ReleaseEvent.Type.RELEASE_STARTED
                    .name()
                    .equals(events.get(0).path("type").asText())
            ? 1
            : 0;
    int eventsLeftOut = 0;
    while (size > room && events.size() > first) {
      size -= size(events.get(first)) + 1;
      events.remove(first);
      eventsLeftOut++;
    }
    int detailsLeftOut = 0;
    if (fitted.get("result") instanceof ObjectNode result) {
      for (JsonNode step : result.path("applied")) {
        if (size <= room) {
          break;
        }
        if (step instanceof ObjectNode s && s.path("details").size() > 0) {
          size -= size(s.get("details")) - 2;
          s.putObject("details");
          detailsLeftOut++;
        }
      }
    }
    int stepsLeftOut = 0;
    if (size > room && fitted.get("result") instanceof ObjectNode result) {
      stepsLeftOut = result.path("applied").size();
      fitted.remove("result");
      size = size(fitted);
    }
    ArrayNode warnings = array(fitted, "warnings");
    int warningsLeftOut = 0;
    while (size > room && warnings.size() > 0) {
      size -= size(warnings.get(0)) + 1;
      warnings.remove(0);
      warningsLeftOut++;
    }
    List<String> leftOut = new ArrayList<>();
    count(
        leftOut,
        eventsLeftOut,
        "1 earlier event",
        " earlier events (steps started and finished, notices)");
    count(leftOut, detailsLeftOut, "1 step's details", " steps' details");
    if (fitted.get("result") == null && doc.get("result") != null) {
      leftOut.add("its report (" + stepsLeftOut + " steps applied)");
    }
    count(leftOut, warningsLeftOut, "1 warning", " warnings");
    if (!leftOut.isEmpty()) {
      events.insert(first, Json.mapper().valueToTree(notice(leftOut, budget)));
    }
    return fitted;
  }

  /** The answer's length as the function returns it. */
  static long size(JsonNode node) {
    try {
      return Json.mapper().writeValueAsBytes(node).length;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ReleaseEvent notice(List<String> leftOut, int budget) {
    return new ReleaseEvent(
        ReleaseEvent.Type.NOTICE,
        Optional.empty(),
        Optional.empty(),
        Optional.of(
            "This slice's answer leaves out "
                + String.join(", ", leftOut)
                + " to stay within "
                + budget / 1024
                + " KiB (Step Functions keeps at most "
                + ReleaseWorkflow.MAX_ANSWER_BYTES / 1024
                + " KiB a state): the vehicle's log has them all, the ledger every step"
                + " (cruddur status)"),
        Optional.empty(),
        Optional.empty());
  }

  private static ArrayNode array(ObjectNode doc, String field) {
    return doc.get(field) instanceof ArrayNode array ? array : doc.putArray(field);
  }

  private static void count(List<String> into, int n, String one, String many) {
    if (n > 0) {
      into.add(n == 1 ? one : n + many);
    }
  }
}
