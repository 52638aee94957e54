package app.cruddur.ops.runner.api;

import java.time.Instant;

/**
 * A stop asked with {@code release --via --stop}: who asked and when. {@code cruddur status} shows
 * it on the release in progress (its slice in flight stops at its next boundary) and on a
 * distributed run (its workers end after the page in hand; the next release resumes the run).
 *
 * @param by who asked (the actor)
 * @param at when
 */
public record StopRequest(String by, Instant at) {
  /** In words: "a stop was asked by ops@x at 2026-12-07T06:01:02Z". */
  public String describe() {
    return "a stop was asked by " + by + " at " + at;
  }
}
