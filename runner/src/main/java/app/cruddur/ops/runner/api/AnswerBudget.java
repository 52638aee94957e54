package app.cruddur.ops.runner.api;

import app.cruddur.ops.model.ReleaseVehicle;
import app.cruddur.ops.model.ReleaseWorkflow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fits a slice's answer, as JSON, within a budget of bytes (see {@link
 * ReleaseWorkflow#ANSWER_BUDGET_BYTES}). First without loss: a step's end whose result the answer's
 * report has is said by its place there ({@value #APPLIED_AT}; {@link #events} gives it back), and
 * the other step results in its events lose their details (no progress line shows them). Then, with
 * one notice among the events saying what was left out: the oldest progress events (steps started,
 * notices; never the release's start), then the oldest steps' lines, then the details of the
 * report's oldest steps, then the report and the oldest warnings. The fields the workflow routes on
 * (outcome, error, estimate, runLong, distribute) are never cut.
 */
final class AnswerBudget {
  /** Room kept under the budget for the notice. */
  static final int NOTICE_ROOM = 1024;

  /** An event's field, in place of its step result: the result's index in the answer's report. */
  static final String APPLIED_AT = "appliedAt";

  private static final String RESULT = "result";
  private static final String APPLIED = "applied";
  private static final String DETAILS = "details";
  private static final String TYPE = "type";
  private static final String STARTED = ReleaseEvent.Type.RELEASE_STARTED.name();
  private static final String FINISHED = ReleaseEvent.Type.STEP_FINISHED.name();

  private AnswerBudget() {}

  /** {@code doc} if it fits in {@code budget} bytes, else a copy cut to fit. */
  static ObjectNode fit(ObjectNode doc, int budget) {
    if (size(doc) <= budget) {
      return doc;
    }
    ObjectNode fitted = doc.deepCopy();
    ArrayNode events = array(fitted, ReleaseVehicle.EVENTS_FIELD);
    // lossless: a step's end that the result reports is said by its place there
    Map<JsonNode, Integer> reported = new HashMap<>();
    JsonNode applied = fitted.path(RESULT).path(APPLIED);
    for (int i = applied.size() - 1; i >= 0; i--) {
      reported.put(applied.get(i), i);
    }
    for (JsonNode event : events) {
      Integer at = reported.get(event.get(RESULT));
      if (at != null && event instanceof ObjectNode e) {
        e.remove(RESULT);
        e.put(APPLIED_AT, at);
      } else if (event.get(RESULT) instanceof ObjectNode result && result.has(DETAILS)) {
        // lossless for a follower: its progress lines show no details
        result.putObject(DETAILS);
      }
    }
    long size = size(fitted);
    if (size <= budget) {
      return fitted;
    }
    long room = budget - NOTICE_ROOM;
    int first = events.size() > 0 && STARTED.equals(events.get(0).path(TYPE).asText()) ? 1 : 0;
    // progress first (steps started, notices), then the report's lines (steps finished)
    int progressLeftOut = 0;
    for (int i = first; size > room && i < events.size(); ) {
      if (FINISHED.equals(events.get(i).path(TYPE).asText())) {
        i++;
      } else {
        size -= size(events.get(i)) + 1;
        events.remove(i);
        progressLeftOut++;
      }
    }
    int linesLeftOut = 0;
    while (size > room && events.size() > first) {
      size -= size(events.get(first)) + 1;
      events.remove(first);
      linesLeftOut++;
    }
    int detailsLeftOut = 0;
    for (JsonNode step : fitted.path(RESULT).path(APPLIED)) {
      if (size <= room) {
        break;
      }
      if (step instanceof ObjectNode s && s.path(DETAILS).size() > 0) {
        size -= size(s.get(DETAILS)) - 2;
        s.putObject(DETAILS);
        detailsLeftOut++;
      }
    }
    int stepsLeftOut = 0;
    if (size > room && fitted.has(RESULT)) {
      stepsLeftOut = fitted.path(RESULT).path(APPLIED).size();
      fitted.remove(RESULT);
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
        progressLeftOut,
        "1 earlier progress event",
        " earlier progress events (steps started, notices)");
    count(leftOut, linesLeftOut, "the line of 1 step", " steps' lines");
    count(leftOut, detailsLeftOut, "1 step's details", " steps' details");
    if (stepsLeftOut > 0 || (doc.has(RESULT) && !fitted.has(RESULT))) {
      leftOut.add("its report (" + stepsLeftOut + " steps applied)");
    }
    count(leftOut, warningsLeftOut, "1 warning", " warnings");
    if (!leftOut.isEmpty()) {
      events.insert(first, Json.mapper().valueToTree(notice(leftOut, budget)));
    }
    return fitted;
  }

  /**
   * {@code doc}'s events as they were heard: each step's end that {@link #fit} said by its place in
   * the result ({@value #APPLIED_AT}) given its result again.
   */
  static JsonNode events(JsonNode doc) {
    JsonNode events = doc.path(ReleaseVehicle.EVENTS_FIELD);
    if (!events.isArray()) {
      return events;
    }
    JsonNode applied = doc.path(RESULT).path(APPLIED);
    ArrayNode heard = Json.mapper().createArrayNode();
    for (JsonNode event : events) {
      if (event.has(APPLIED_AT) && event instanceof ObjectNode e) {
        ObjectNode whole = e.deepCopy();
        whole.remove(APPLIED_AT);
        whole.set(RESULT, applied.path(e.path(APPLIED_AT).asInt()));
        heard.add(whole);
      } else {
        heard.add(event);
      }
    }
    return heard;
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
