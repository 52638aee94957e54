package app.cruddur.ops.functions;

import java.util.List;

/**
 * A group row could not be moved within the attempts allowed: every transaction was cancelled. The
 * other members' rows were still brought up to date ({@link #completed()}); the record is reported
 * as failed so that the stream retries it later.
 */
public class GroupRowMoveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<GroupRowMove> completed;

  /**
   * @param problem what could not be moved, and why
   * @param completed the rows of the same message that were handled
   * @param cause the last cancellation
   */
  public GroupRowMoveException(String problem, List<GroupRowMove> completed, Throwable cause) {
    super(
        problem
            + ". The stream will retry the record; if it keeps failing, look for another row of"
            + " that user with the same last_message_at",
        cause);
    this.completed = List.copyOf(completed);
  }

  /** The rows of the same message that were handled before and after the failed one. */
  public List<GroupRowMove> completed() {
    return completed;
  }
}
